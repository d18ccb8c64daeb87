package ui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// keyLabel is how help shows a binding's keys ("space", "q/ctrl+c").
func keyLabel(b key.Binding) string {
	if l := b.Help().Key; l != "" {
		return l
	}
	return "(unbound)"
}

// prefixLabel is the prefix key as help shows it.
func prefixLabel(m *Model) string { return keyLabel(m.km.Global.Prefix) }

// prefixTabOrUnbound handles a key after the prefix that no other prefix binding took: a tab
// number goes to that tab, or says there is none; any other key says it is not bound, as tmux
// does, so a key pressed after the prefix never does nothing silently.
func (m *Model) prefixTabOrUnbound(k tea.KeyPressMsg) {
	for i, b := range m.km.Prefix.Tab {
		if !key.Matches(k, b) {
			continue
		}
		switch n := len(m.ws.tabs); {
		case i < n:
			m.ws.selectTab(i)
		case n == 1:
			m.setInfo(fmt.Sprintf("no tab %d: there is only tab 0", i))
		default:
			m.setInfo(fmt.Sprintf("no tab %d: the tabs are 0–%d", i, n-1))
		}
		return
	}
	m.setInfo(fmt.Sprintf("%s %s is not bound (%s %s lists the keys)", prefixLabel(m), k.String(), prefixLabel(m), keyLabel(m.km.Prefix.Help)))
}
