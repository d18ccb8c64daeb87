package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/fanout"
	"github.com/podmux/podmux/ui/styles"
)

// runPrompt asks for the command a fan-out runs (browser `!`).
type runPrompt struct {
	text  string
	count int // pods it will run on
}

func (p *runPrompt) key(m *Model, k tea.KeyPressMsg) (bool, tea.Cmd) {
	switch k.String() {
	case "esc", "ctrl+c":
		return true, nil
	case "enter":
		return true, m.runOnBrowserPods(p.text)
	case "backspace":
		if _, n := lastRune(p.text); n > 0 {
			p.text = p.text[:len(p.text)-n]
		}
	default:
		if t := k.Key().Text; t != "" {
			p.text += t
		}
	}
	return false, nil
}

func (p *runPrompt) view(st *styles.Styles, w, h int) (string, string) {
	return "Run on " + itoa(p.count) + " pod(s)", "! " + p.text + "▏\n" +
		st.Dim.Render("enter runs it on every pod at once (no tty) · esc cancels")
}

// browserRunTargets are the marked pods, else the selected one, each on its default container.
func (m *Model) browserRunTargets() []fanout.Target {
	pods := m.br.markedPods()
	if len(pods) == 0 {
		if p := m.br.selectedPod(); p != nil {
			pods = append(pods, p)
		}
	}
	ts := make([]fanout.Target, 0, len(pods))
	for _, p := range pods {
		ns := p.Metadata.Namespace
		if ns == "" {
			ns = m.br.watching
		}
		c, _ := containerFor(p)
		if c == "" {
			if names := cciapi.ContainerNames(p); len(names) > 0 {
				c = names[0]
			}
		}
		ts = append(ts, fanout.Target{Namespace: ns, Pod: p.Metadata.Name, Container: c})
	}
	return ts
}

// askRun opens the run prompt (or runs line right away when given, as :run CMD does).
func (m *Model) askRun(line string) tea.Cmd {
	if strings.TrimSpace(line) != "" {
		return m.runOnBrowserPods(line)
	}
	ts := m.browserRunTargets()
	if len(ts) == 0 {
		m.setInfo("no pod to run on: open a namespace's pods and mark some with space")
		return nil
	}
	m.overlay = &runPrompt{count: len(ts)}
	return nil
}

// runOnBrowserPods runs line on the browser's marked pods (or the selected one).
func (m *Model) runOnBrowserPods(line string) tea.Cmd {
	cmd := commandArgs(line)
	if len(cmd) == 0 {
		m.setInfo("no command given")
		return nil
	}
	ts := m.browserRunTargets()
	clear(m.br.marked)
	return m.startRun(ts, cmd)
}

// commandArgs turns a typed command into argv: words split on spaces, or `sh -c LINE` when the
// line uses shell syntax (quotes, pipes, redirections, variables, globs).
func commandArgs(line string) []string {
	line = strings.TrimSpace(line)
	if line == "" {
		return nil
	}
	if strings.ContainsAny(line, "|&;<>()$`\\\"'*?[]{}~") {
		return []string{"sh", "-c", line}
	}
	return strings.Fields(line)
}

// markAllShown marks every pod the filter shows.
func (b *browser) markAllShown() int {
	n := 0
	for _, p := range b.visiblePods() {
		b.marked[b.keyOf(p)] = true
		n++
	}
	return n
}

// labelFilter reports whether the filter is a label selector ("-l app=web", as in k9s) and
// returns the selector.
func labelFilter(filter string) (string, bool) {
	if s, ok := strings.CutPrefix(filter, "-l"); ok && (s == "" || s[0] == ' ') {
		return strings.TrimSpace(s), true
	}
	return "", false
}

// matchLabels matches an equality-based label selector: comma-separated k=v, k==v, k!=v, k
// (exists) and !k (absent). An empty selector matches everything; a malformed term nothing.
func matchLabels(sel string, labels map[string]string) bool {
	for _, term := range strings.Split(sel, ",") {
		term = strings.TrimSpace(term)
		switch {
		case term == "":
		case strings.Contains(term, "!="):
			k, v, _ := strings.Cut(term, "!=")
			if got, ok := labels[strings.TrimSpace(k)]; ok && got == strings.TrimSpace(v) {
				return false
			}
		case strings.Contains(term, "="):
			k, v, _ := strings.Cut(strings.Replace(term, "==", "=", 1), "=")
			if labels[strings.TrimSpace(k)] != strings.TrimSpace(v) {
				return false
			}
			if _, ok := labels[strings.TrimSpace(k)]; !ok {
				return false
			}
		case strings.HasPrefix(term, "!"):
			if _, ok := labels[strings.TrimSpace(term[1:])]; ok {
				return false
			}
		default:
			if _, ok := labels[term]; !ok {
				return false
			}
		}
	}
	return true
}
