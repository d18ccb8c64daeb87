package ui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/session"
)

// frameInterval is the shortest time between two output-driven frames (about 60 fps), the
// same period sessions pace their output by.
const frameInterval = session.FrameInterval

// floodFrameInterval is the frame period while sessions flood and nobody types (20 fps): the
// flood's text scrolls by either way, and the frames it no longer pays for go to the flood.
const floodFrameInterval = 3 * frameInterval

// frameWait is how long after the last frame the next output frame goes out: a quarter frame
// when the output holds the echo of a keystroke (it is drawn soon), one frame while the user
// types (Manager.Typing), three frames while sessions flood and nobody types, else one frame.
// Only the echo gets the quarter frame: drawing all output that soon while the user typed meant
// up to 240 frames a second beside floods, or in a pane that floods while typed into.
func frameWait(echo, typing, flooding bool) time.Duration {
	switch {
	case echo:
		return frameInterval / 4
	case typing:
		return frameInterval
	case flooding:
		return floodFrameInterval
	}
	return frameInterval
}

// waitFrame waits for any session output, then for the rest of the frame since last (frameWait),
// and returns the dirty set as one frameMsg; the echo of a keystroke (Manager.EchoWake) ends the
// wait a quarter frame after last. The model keeps exactly one of these pending.
func waitFrame(m *session.Manager, last time.Time) tea.Cmd {
	return func() tea.Msg {
		<-m.Wake()
		sleepUntil(last.Add(frameWait(true, false, false)))
		if d := time.Until(last.Add(frameWait(false, m.Typing(), m.Flooding()))); d > 0 {
			t := time.NewTimer(d)
			select {
			case <-m.EchoWake():
			case <-t.C:
			}
			t.Stop()
		}
		m.DrainEchoWake()
		return frameMsg{dirty: m.TakeDirty()}
	}
}

// sleepUntil sleeps until t (not at all when t is past).
func sleepUntil(t time.Time) {
	if d := time.Until(t); d > 0 {
		time.Sleep(d)
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
