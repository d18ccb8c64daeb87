package ui

import (
	"context"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/session"
)

// frameInterval is the shortest time between two output-driven frames (about 60 fps), the
// same period sessions pace their output by.
const frameInterval = session.FrameInterval

// echoWindow is how long after a keystroke output is drawn after a quarter frame rather than at
// the next frame boundary, so typing echoes without waiting out the frame.
const echoWindow = 100 * time.Millisecond

// floodFrameInterval is the frame period while sessions flood and nobody types (30 fps): the
// flood's text scrolls by either way, and the frames it no longer pays for go to the flood.
const floodFrameInterval = 2 * frameInterval

// frameWait is how long after the last frame the next output frame goes out: a quarter frame
// while the user types (the echo is drawn soon), two frames while sessions flood and nobody
// types, else one frame.
func frameWait(typing, flooding bool) time.Duration {
	switch {
	case typing:
		return frameInterval / 4
	case flooding:
		return floodFrameInterval
	}
	return frameInterval
}

// waitFrame waits for any session output, then for the rest of the frame since last (a quarter
// frame when the user typed within echoWindow), and returns the dirty set as one frameMsg. The model keeps
// exactly one of these pending.
func waitFrame(m *session.Manager, last time.Time, typedAt *atomic.Int64) tea.Cmd {
	return func() tea.Msg {
		<-m.Wake()
		wait := frameWait(time.Since(time.Unix(0, typedAt.Load())) < echoWindow, m.Flooding())
		if d := wait - time.Since(last); d > 0 {
			time.Sleep(d)
		}
		return frameMsg{dirty: m.TakeDirty()}
	}
}

// waitEvents waits for lifecycle events and returns all queued ones. One is kept pending.
func waitEvents(m *session.Manager) tea.Cmd {
	return func() tea.Msg {
		<-m.EventWake()
		return eventsMsg{events: m.TakeEvents()}
	}
}

// fetchNamespaces fetches the namespaces.
func fetchNamespaces(b Backend) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		ns, err := b.ListNamespaces(ctx)
		return namespacesMsg{items: ns, err: err}
	}
}

// startWatch starts watching the pods of ns.
func startWatch(b Backend, ns string, gen int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithCancel(context.Background())
		return watchStartedMsg{gen: gen, ns: ns, ch: b.WatchPods(ctx, ns), cancel: cancel}
	}
}

// nextPods waits for the next snapshot of a watch.
func nextPods(ch <-chan cciapi.PodUpdate, gen int) tea.Cmd {
	return func() tea.Msg {
		u, ok := <-ch
		return podsMsg{gen: gen, update: u, closed: !ok}
	}
}

func tick() tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return tickMsg{} })
}
