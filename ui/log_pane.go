package ui

import (
	"regexp"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/keymap"
	"github.com/podmux/podmux/session"
	"github.com/podmux/podmux/ui/styles"
)

// allContainers is the container picker's choice that merges every container's log.
const allContainers = "all containers"

// defaultLogTail is how many lines a log pane starts with when Options.LogTail is zero.
const defaultLogTail = 500

// openLogs opens the log of pod p where the pending pick says (a new tab, or the new pane of a
// split), asking first which container when it has several; "all containers" merges them.
func (m *Model) openLogs(p *cciapi.Pod) tea.Cmd {
	if p == nil {
		m.setInfo("no pod selected")
		return nil
	}
	ns := p.Metadata.Namespace
	if ns == "" {
		ns = m.br.watching
	}
	pod := p.Metadata.Name
	names := cciapi.ContainerNames(p)
	if len(names) > 1 {
		items := append(append([]string{}, names...), allContainers)
		c := newChooser("log of "+pod, items, func(m *Model, i int, name string) tea.Cmd {
			if name == allContainers {
				return m.openTarget(m.logTarget(ns, pod, names, false))
			}
			return m.openTarget(m.logTarget(ns, pod, []string{name}, false))
		})
		if def := cciapi.DefaultContainer(p); def != "" {
			for i, n := range names {
				if n == def {
					c.cursor = i
				}
			}
		}
		m.overlay = c
		return nil
	}
	return m.openTarget(m.logTarget(ns, pod, names, false))
}

// logTarget is the session target of a log pane.
func (m *Model) logTarget(ns, pod string, containers []string, previous bool) session.Target {
	tail := m.opts.LogTail
	if tail == 0 {
		tail = defaultLogTail
	}
	t := session.Target{Namespace: ns, Pod: pod, Log: &session.LogSpec{Containers: containers, TailLines: tail, Previous: previous}}
	if len(containers) > 0 {
		t.Container = containers[0]
	}
	return t
}

// logKey handles a key typed into a focused log pane: the log keys, scroll mode and search.
func (m *Model) logKey(p *pane, k tea.KeyPressMsg) tea.Cmd {
	km := m.km.Log
	v, _ := p.sess.LogView()
	switch {
	case key.Matches(k, km.JSON):
		v.JSON = !v.JSON
		m.setLogView(p, v, onOff("JSON lines structured", v.JSON))
	case key.Matches(k, km.Timestamps):
		v.Timestamps = !v.Timestamps
		m.setLogView(p, v, onOff("timestamps", v.Timestamps))
	case key.Matches(k, km.Wrap):
		v.NoWrap = !v.NoWrap
		m.setLogView(p, v, onOff("wrapping", !v.NoWrap))
	case key.Matches(k, km.Include), key.Matches(k, km.Exclude):
		exclude := key.Matches(k, km.Exclude)
		cur := v.Include
		if exclude {
			cur = v.Exclude
		}
		m.overlay = newRegexPrompt(exclude, cur, p.sess.ID())
	case key.Matches(k, km.Previous):
		m.toggleLogPrevious(p)
	case key.Matches(k, km.Search):
		st := m.enterScroll()
		st.input, st.backward, st.text = true, false, ""
	case key.Matches(k, km.Scroll):
		m.enterScroll()
		return m.scrollKey(p, k)
	default:
		m.setInfo("a log pane takes no input: " + logHint(m.km.Log))
	}
	return nil
}

func onOff(what string, on bool) string {
	if on {
		return what + " on"
	}
	return what + " off"
}

// logHint lists the log pane's keys for the status bar.
func logHint(km keymap.Log) string {
	var parts []string
	for _, b := range km.ShortHelp() {
		if b.Enabled() {
			parts = append(parts, b.Help().Key+" "+b.Help().Desc)
		}
	}
	return strings.Join(parts, " · ")
}

// setLogView applies a view to a log pane; its scroll mode ends (the lines are rebuilt).
func (m *Model) setLogView(p *pane, v session.LogView, info string) {
	p.scroll = nil
	p.sess.SetLogView(v)
	if info != "" {
		m.setInfo(info)
	}
}

// toggleLogPrevious replaces the pane's log by the previous run's log of the same containers,
// or back, keeping the view.
func (m *Model) toggleLogPrevious(p *pane) {
	old := p.sess.Target()
	t := m.logTarget(old.Namespace, old.Pod, old.Log.Containers, !old.Log.Previous)
	t.Log.TailLines = old.Log.TailLines
	v, _ := p.sess.LogView()
	cols, rows := p.sess.Size()
	s := m.opts.Sessions.Start(t, cols, rows)
	s.SetLogView(v)
	m.opts.Sessions.Remove(p.sess.ID())
	p.sess, p.scroll, p.cache = s, nil, nil
	if t.Log.Previous {
		m.setInfo("the previous run's log (" + keyLabel(m.km.Log.Previous) + " goes back)")
	} else {
		m.setInfo("following the current log")
	}
}

// logLabel is what a log pane's border adds to its state: the view's switches, the filters and
// how many lines they hide.
func logLabel(s *session.Session) string {
	if !s.IsLog() {
		return ""
	}
	v, hidden := s.LogView()
	var parts []string
	if v.JSON {
		parts = append(parts, "json")
	}
	if v.Timestamps {
		parts = append(parts, "ts")
	}
	if v.NoWrap {
		parts = append(parts, "nowrap")
	}
	if v.Include != nil {
		parts = append(parts, "+/"+v.Include.String()+"/")
	}
	if v.Exclude != nil {
		parts = append(parts, "-/"+v.Exclude.String()+"/")
	}
	if hidden > 0 {
		parts = append(parts, strconv.Itoa(hidden)+" hidden")
	}
	return strings.Join(parts, " ")
}

// regexPrompt reads the include (f) or exclude (F) regex of a log pane; empty clears it.
type regexPrompt struct {
	exclude bool
	text    string
	sess    session.ID
}

func newRegexPrompt(exclude bool, cur *regexp.Regexp, id session.ID) *regexPrompt {
	r := &regexPrompt{exclude: exclude, sess: id}
	if cur != nil {
		r.text = cur.String()
	}
	return r
}

func (r *regexPrompt) key(m *Model, k tea.KeyPressMsg) (bool, tea.Cmd) {
	switch k.String() {
	case "esc", "ctrl+c":
		return true, nil
	case "enter":
		p := m.ws.paneOfSession(r.sess)
		if p == nil {
			return true, nil
		}
		var re *regexp.Regexp
		if r.text != "" {
			var err error
			if re, err = regexp.Compile(r.text); err != nil {
				m.setError("not a regular expression: " + err.Error())
				return false, nil
			}
		}
		v, _ := p.sess.LogView()
		what := "showing only lines matching /" + r.text + "/"
		if r.exclude {
			v.Exclude = re
			what = "hiding lines matching /" + r.text + "/"
		} else {
			v.Include = re
		}
		if re == nil {
			what = "filter cleared"
		}
		m.setLogView(p, v, what)
		return true, nil
	case "backspace":
		if r.text != "" {
			rs := []rune(r.text)
			r.text = string(rs[:len(rs)-1])
		}
	default:
		if t := k.Key().Text; t != "" {
			r.text += t
		}
	}
	return false, nil
}

func (r *regexPrompt) view(st *styles.Styles, w, h int) (string, string) {
	title, hint := "Show only lines matching", "a regular expression, like stern --include · empty: all lines · esc cancels"
	if r.exclude {
		title, hint = "Hide lines matching", "a regular expression, like stern --exclude · empty: hide none · esc cancels"
	}
	return title, "/" + r.text + "▏\n" + st.Dim.Render(hint)
}
