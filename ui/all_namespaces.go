package ui

import tea "charm.land/bubbletea/v2"

// showAllNamespaces switches the pods list to every namespace's pods (k9s's 0, :pods all): the
// backend lists GET /apis/cci/v2/pods (or each namespace, where that path is refused) and the
// table gains a NAMESPACE column. Choosing a namespace again leaves it.
func (m *Model) showAllNamespaces() tea.Cmd {
	m.mode = modeBrowser
	m.br.filter, m.br.filtering = "", false
	m.br.nsSel = allNamespaces
	m.br.focus = listPods
	return m.ensureWatch()
}
