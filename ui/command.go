package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/podmux/podmux/ui/styles"
)

// commandLine is the k9s-style ":" prompt: :ns NAME, :pods, :tile, :help, :q.
type commandLine struct{ text string }

func newCommandLine() *commandLine { return &commandLine{} }

func (c *commandLine) key(m *Model, k tea.KeyPressMsg) (bool, tea.Cmd) {
	switch k.String() {
	case "esc", "ctrl+c":
		return true, nil
	case "enter":
		return true, m.runCommand(c.text)
	case "backspace":
		if c.text != "" {
			c.text = c.text[:len(c.text)-1]
		}
	default:
		if t := k.Key().Text; t != "" {
			c.text += t
		}
	}
	return false, nil
}

func (c *commandLine) view(st *styles.Styles, w, h int) (string, string) {
	return "Command", ":" + c.text + "▏\n" + st.Dim.Render("ns NAME · pods [all] · tile · run CMD · history · help · q")
}

// runCommand runs one command line; an unknown command is a status-bar error.
func (m *Model) runCommand(line string) tea.Cmd {
	f := strings.Fields(line)
	if len(f) == 0 {
		return nil
	}
	switch f[0] {
	case "q", "quit", "q!":
		return m.askQuit()
	case "ns", "namespace", "namespaces":
		m.mode = modeBrowser
		// As choosing from the list does: a filter typed for another list never carries over.
		m.br.filter, m.br.filtering = "", false
		m.br.focus = listNamespaces
		if len(f) > 1 {
			m.br.nsSel = f[1]
			m.br.focus = listPods
			if !m.br.nsLoading && m.br.nsErr == "" && !m.br.hasNamespace(f[1]) {
				m.setError("no namespace " + f[1] + " (:ns lists them)")
			}
		}
		return m.ensureWatch()
	case "pods", "po", "pod":
		if len(f) > 1 && (f[1] == "all" || f[1] == "-A" || f[1] == "0") {
			return m.showAllNamespaces()
		}
		m.mode = modeBrowser
		if m.br.focus != listPods {
			m.br.filter, m.br.filtering = "", false
		}
		m.br.focus = listPods
	case "run", "!":
		m.mode = modeBrowser
		return m.askRun(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), f[0])))
	case "tile":
		m.mode = modeBrowser
		return m.openMarked()
	case "history", "hist":
		return listHistory(m.opts.RecordingsDir)
	case "help", "h":
		m.overlay = &helpOverlay{km: m.km}
	default:
		m.setError("unknown command :" + f[0] + " (try :ns, :pods, :tile, :history, :help, :q)")
	}
	return nil
}
