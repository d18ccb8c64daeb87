package ui

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/podmux/podmux/session"
	"github.com/podmux/podmux/session/record"
)

// historyMsg carries the recordings found on disk.
type historyMsg struct {
	items []record.Info
	err   error
}

// listHistory reads the recordings directory.
func listHistory(root string) tea.Cmd {
	return func() tea.Msg {
		items, err := record.List(root)
		return historyMsg{items: items, err: err}
	}
}

// openHistory shows the recordings chooser: enter opens one with its whole history at once
// (searchable in scroll mode), tab plays it at its recorded pace with the player's controls.
func (m *Model) openHistory(msg historyMsg) {
	if msg.err != nil {
		m.setError("reading recordings: " + msg.err.Error())
		return
	}
	if len(msg.items) == 0 {
		m.setInfo("no recordings yet in " + m.opts.RecordingsDir)
		return
	}
	labels := make([]string, len(msg.items))
	for i, in := range msg.items {
		dur := in.Duration.Round(time.Second).String()
		if in.Live {
			dur = "live" // still recording: its length so far is only the time of its last output
		}
		labels[i] = fmt.Sprintf("%-44s %-16s %s  %8s  %8s", fitPlain(in.Namespace+"/"+in.Pod, 44), fitPlain(in.Container, 16),
			in.Start.Local().Format("2006-01-02 15:04:05"), dur, humanBytes(in.Size))
		if strings.HasPrefix(in.Title, "run ") {
			// A fan-out run's recordings share its title and start, so they list together.
			labels[i] += "  " + in.Title
		}
	}
	open := func(timed bool) func(m *Model, i int, _ string) tea.Cmd {
		return func(m *Model, i int, _ string) tea.Cmd {
			in := msg.items[i]
			m.pick = pickNewTab
			return m.openTarget(session.Target{Namespace: in.Namespace, Pod: in.Pod, Container: in.Container, Recording: in.Path, Timed: timed})
		}
	}
	title := fmt.Sprintf("history: %d recordings", len(msg.items))
	if len(msg.items) == 1 {
		title = "history: 1 recording"
	}
	c := newChooser(title, labels, open(false))
	c.alt = open(true)
	c.hint = "enter open with full history · tab play (space pause · ←/→ 5s · +/- speed · q stop) · type to filter · esc close"
	m.overlay = c
}

// humanBytes formats a size: 512 B, 3.4 KiB, 12 MiB.
func humanBytes(n int64) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KiB", float64(n)/1024)
	case n < 1<<30:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
}
