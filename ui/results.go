package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/podmux/podmux/fanout"
	"github.com/podmux/podmux/session"
	"github.com/podmux/podmux/ui/layout"
)

// resultsView is a fan-out run shown in a tab: one row per pod (or per distinct answer when
// grouped). It reads the run's status at most once per frame (runMsg); it never blocks.
type resultsView struct {
	id      int
	run     *fanout.Run
	names   []string // display name per target
	grouped bool
	sel     int // selected row
	top     int // first row shown
	started time.Time

	// Filled when the run ended (final answers): the groups, computed once.
	final  []fanout.Result
	groups []fanout.Group
}

// runMsg says run id changed (or ended); the model redraws and re-arms the waiter.
type runMsg struct{ id int }

// exportedMsg is the result of writing a run's JSON lines.
type exportedMsg struct {
	path string
	n    int
	err  error
}

// resultsFrame is the least time between two redraws a run causes (it may have 200 pods).
const resultsFrame = 50 * time.Millisecond

// waitRun waits for run to change, then for the rest of a results frame, and reports it.
func waitRun(id int, run *fanout.Run) tea.Cmd {
	return func() tea.Msg {
		select {
		case <-run.Wake():
		case <-run.Done():
		}
		time.Sleep(resultsFrame)
		return runMsg{id: id}
	}
}

// startRun starts cmd on targets and opens its results view in a new tab.
func (m *Model) startRun(targets []fanout.Target, cmd []string) tea.Cmd {
	if m.opts.Exec == nil {
		m.setError("running commands is not available here")
		return nil
	}
	if len(targets) == 0 {
		m.setInfo("no pod to run on: mark pods with space (ctrl+a: all shown) or select one")
		return nil
	}
	opts := fanout.Options{}
	if m.opts.RunTee != nil {
		opts.Tee = m.opts.RunTee(cmd, len(targets))
	}
	run := fanout.Start(context.Background(), m.opts.Exec, targets, cmd, opts)
	m.runSeq++
	rv := &resultsView{id: m.runSeq, run: run, names: targetNames(targets), started: m.opts.Now()}
	id := m.ws.newPaneID()
	t := m.ws.addTab(layout.New(id))
	t.results = rv
	m.mode = modeWorkspace
	m.br.pick = false
	m.pick = pickNewTab
	return waitRun(rv.id, run)
}

// targetNames names pods as rows show them: namespace/pod when the run spans namespaces.
func targetNames(ts []fanout.Target) []string {
	multi := false
	for _, t := range ts {
		multi = multi || t.Namespace != ts[0].Namespace
	}
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Pod
		if multi {
			out[i] = t.Namespace + "/" + t.Pod
		}
	}
	return out
}

// resultsByID finds the results view of run id and its tab index.
func (m *Model) resultsByID(id int) (*resultsView, int) {
	for i, t := range m.ws.tabs {
		if t.results != nil && t.results.id == id {
			return t.results, i
		}
	}
	return nil, -1
}

// onRunMsg refreshes a run's view; when the run ended it computes the groups once.
func (m *Model) onRunMsg(msg runMsg) tea.Cmd {
	rv, i := m.resultsByID(msg.id)
	if rv == nil {
		return nil
	}
	if i != m.ws.active || m.mode != modeWorkspace {
		m.ws.tabs[i].activity = true
	}
	select {
	case <-rv.run.Done():
		if rv.final == nil {
			rv.final = rv.run.Results()
			rv.groups = fanout.Groups(rv.final, func(r fanout.Result) string { return rv.nameOf(r) })
			p := rv.run.Progress()
			m.setInfo(fmt.Sprintf("run ended: %d ok, %d exited non-zero, %d failed, %d timed out, %d cancelled", p.OK, p.NonZero, p.Failed, p.TimedOut, p.Cancelled))
		}
		return nil
	default:
		return waitRun(rv.id, rv.run)
	}
}

func (rv *resultsView) nameOf(r fanout.Result) string {
	for i, t := range rv.run.Targets() {
		if t == r.Target {
			return rv.names[i]
		}
	}
	return r.Pod
}

// rows is how many rows the view lists: pods, or groups when grouped (once the run ended).
func (rv *resultsView) rows() int {
	if rv.grouped && rv.groups != nil {
		return len(rv.groups)
	}
	return len(rv.names)
}

// selectedPod is the pod index the selection stands for (a group's first pod).
func (rv *resultsView) selectedPod() int {
	if rv.grouped && rv.groups != nil {
		if rv.sel < len(rv.groups) {
			return rv.groups[rv.sel].Pods[0]
		}
		return -1
	}
	if rv.sel < len(rv.names) {
		return rv.sel
	}
	return -1
}

// resultsKey handles a key in a results tab.
func (m *Model) resultsKey(t *tab, k tea.KeyPressMsg) tea.Cmd {
	rv, km := t.results, m.km.Results
	page := max(m.h-6, 1)
	switch {
	case key.Matches(k, km.Up):
		rv.sel = max(rv.sel-1, 0)
	case key.Matches(k, km.Down):
		rv.sel = min(rv.sel+1, max(rv.rows()-1, 0))
	case key.Matches(k, km.PageUp):
		rv.sel = max(rv.sel-page, 0)
	case key.Matches(k, km.PageDown):
		rv.sel = min(rv.sel+page, max(rv.rows()-1, 0))
	case key.Matches(k, km.Group):
		if rv.groups == nil {
			m.setInfo("grouping shows once every pod answered (esc cancels the rest)")
			return nil
		}
		// Keep the selected pod selected across the switch.
		pod := rv.selectedPod()
		rv.grouped = !rv.grouped
		rv.sel = 0
		if rv.grouped {
			for gi, g := range rv.groups {
				for _, p := range g.Pods {
					if p == pod {
						rv.sel = gi
					}
				}
			}
		} else if pod >= 0 {
			rv.sel = pod
		}
	case key.Matches(k, km.Diff):
		return m.resultsDiff(rv)
	case key.Matches(k, km.Open):
		if i := rv.selectedPod(); i >= 0 {
			r := rv.run.Result(i)
			return m.openText(r.Target, rv.names[i], []byte(fanout.Answer(r)))
		}
	case key.Matches(k, km.Shell):
		if i := rv.selectedPod(); i >= 0 {
			tg := rv.run.Targets()[i]
			m.pick = pickNewTab
			return m.openTarget(session.Target{Namespace: tg.Namespace, Pod: tg.Pod, Container: tg.Container})
		}
	case key.Matches(k, km.Rerun), key.Matches(k, km.RerunFailed):
		failedOnly := key.Matches(k, km.RerunFailed)
		var ts []fanout.Target
		for i, r := range rv.run.Results() {
			if !failedOnly || (r.State.Ended() && !r.OK()) {
				ts = append(ts, rv.run.Targets()[i])
			}
		}
		if len(ts) == 0 {
			m.setInfo("no failed pod to run again")
			return nil
		}
		return m.startRun(ts, rv.run.Command())
	case key.Matches(k, km.Export):
		return exportRun(m.exportDir(), rv.run)
	case key.Matches(k, km.Cancel):
		select {
		case <-rv.run.Done():
			m.setInfo("the run has ended · q closes this tab")
		default:
			rv.run.Cancel()
			m.setInfo("cancelling: every stream closes, no process stays behind")
		}
	case key.Matches(k, km.Close):
		rv.run.Cancel()
		m.closeResultsTab(t)
	}
	return nil
}

// closeResultsTab removes a results tab.
func (m *Model) closeResultsTab(t *tab) {
	for _, id := range t.tree.Panes() {
		m.ws.removePane(id)
	}
	if len(m.ws.tabs) == 0 {
		m.mode = modeBrowser
	}
}

// resultsDiff opens the selected answer's diff against the majority's in a pane.
func (m *Model) resultsDiff(rv *resultsView) tea.Cmd {
	if rv.groups == nil {
		m.setInfo("the diff shows once every pod answered")
		return nil
	}
	pod := rv.selectedPod()
	for gi, g := range rv.groups {
		for _, p := range g.Pods {
			if p != pod {
				continue
			}
			if gi == 0 {
				m.setInfo("this is the majority's answer (" + itoa(len(g.Pods)) + " pods): pick another one to diff")
				return nil
			}
			d := fanout.Diff(rv.groups[0], g)
			return m.openText(rv.run.Targets()[pod], "diff "+g.Folded(), []byte(d))
		}
	}
	return nil
}

// openText shows bytes in a new tab as a finished session (scroll mode, search and copy work).
func (m *Model) openText(tg fanout.Target, title string, text []byte) tea.Cmd {
	if len(text) == 0 {
		text = []byte("(no output)\n")
	}
	m.pick = pickNewTab
	return m.openTarget(session.Target{Namespace: tg.Namespace, Pod: title, Container: tg.Container,
		Command: []string{"output"}, Text: text})
}

// exportDir is where e writes runs: beside the recordings directory.
func (m *Model) exportDir() string {
	if m.opts.RecordingsDir == "" {
		return os.TempDir()
	}
	return filepath.Join(filepath.Dir(m.opts.RecordingsDir), "runs")
}

// exportRun writes the run's results as JSON lines (podmux run -o json's format).
func exportRun(dir string, run *fanout.Run) tea.Cmd {
	return func() tea.Msg {
		rs := run.Results()
		path := filepath.Join(dir, "run-"+time.Now().UTC().Format("20060102T150405Z")+".jsonl")
		var b strings.Builder
		for _, r := range rs {
			line, err := json.Marshal(fanout.NewRecord(r))
			if err != nil {
				return exportedMsg{err: err}
			}
			b.Write(line)
			b.WriteByte('\n')
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return exportedMsg{err: err}
		}
		err := os.WriteFile(path, []byte(b.String()), 0o600)
		return exportedMsg{path: path, n: len(rs), err: err}
	}
}
