package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/ui/styles"
)

// EventSource lists a pod's events, the most recent first. *cciapi.Client satisfies it.
type EventSource interface {
	PodEvents(ctx context.Context, ns, name string) ([]cciapi.Event, error)
}

// eventsRefresh is how often the selected pod's events are fetched again while it stays
// selected in the browser.
const eventsRefresh = 5 * time.Second

// podEvents is the detail panel's events section: the events of one pod, fetched by a command
// and kept fresh while the pod is selected. A 404 (a server without events, as OTC's CCI) turns
// the section off for the endpoint, quietly and once.
type podEvents struct {
	key       string // "ns/pod" the items are about
	items     []cciapi.Event
	err       string
	loaded    bool      // items (or err) answer key
	inflight  bool      // a fetch runs
	fetchedAt time.Time // when the last fetch for key started
	off       bool      // the endpoint has no events (404): never ask again
}

// eventsMsg carries one fetch's answer.
type podEventsMsg struct {
	key   string
	items []cciapi.Event
	err   error
}

// refreshEvents starts a fetch of the selected pod's events when the selection changed or the
// last fetch is older than eventsRefresh, and none runs. No IO here: the fetch is a command.
func (m *Model) refreshEvents() tea.Cmd {
	ev := &m.br.events
	src := m.opts.Events
	if src == nil || ev.off || m.mode != modeBrowser || ev.inflight {
		return nil
	}
	p := m.br.selectedPod()
	if p == nil {
		return nil
	}
	ns := p.Metadata.Namespace
	if ns == "" {
		ns = m.br.watching
	}
	key := ns + "/" + p.Metadata.Name
	now := m.opts.Now()
	if key == ev.key && now.Sub(ev.fetchedAt) < eventsRefresh {
		return nil
	}
	if key != ev.key {
		ev.key, ev.items, ev.err, ev.loaded = key, nil, "", false
	}
	ev.inflight, ev.fetchedAt = true, now
	name := p.Metadata.Name
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		items, err := src.PodEvents(ctx, ns, name)
		return podEventsMsg{key: key, items: items, err: err}
	}
}

// gotEvents takes a fetch's answer.
func (m *Model) gotEvents(msg podEventsMsg) {
	ev := &m.br.events
	ev.inflight = false
	switch {
	case cciapi.IsNotFound(msg.err) && !strings.Contains(msg.err.Error(), `namespaces "`):
		// The path is not served (a missing namespace would say namespaces "x" not found).
		ev.off, ev.items, ev.err = true, nil, ""
	case msg.key != ev.key:
		// An answer about a pod no longer selected: the next refresh asks for the new one.
		ev.fetchedAt = time.Time{}
	case msg.err != nil:
		ev.err, ev.loaded = oneLine(msg.err.Error()), true
	default:
		ev.items, ev.err, ev.loaded = msg.items, "", true
	}
}

// eventLines draws the events section (title and one row per event, newest first) into at most
// n lines of w cells; nothing when events are off or n is too small.
func (ev *podEvents) lines(st *styles.Styles, key string, w, n int, now time.Time) []string {
	if ev.off || n < 3 {
		return nil
	}
	out := []string{"", fit(" "+st.Header.Render("events"), w)}
	switch {
	case ev.key != key || !ev.loaded:
		return append(out, fit(st.Dim.Render("  loading…"), w))
	case ev.err != "":
		return append(out, fit(st.StatusFailed.Render("  "+ev.err), w))
	case len(ev.items) == 0:
		return append(out, fit(st.Dim.Render("  no events"), w))
	}
	for _, e := range ev.items {
		if len(out) >= n {
			break
		}
		typ, style := "  ", st.Dim
		if e.Type == "Warning" {
			typ, style = "⚠ ", st.StatusFailed
		}
		age := "?"
		if last := e.Last(); !last.IsZero() {
			age = cciapi.HumanDuration(now.Sub(last))
		}
		count := ""
		if e.Count > 1 {
			count = fmt.Sprintf(" ×%d", e.Count)
		}
		row := " " + style.Render(typ+fitPlain(e.Reason, 10)) + st.Dim.Render(fmt.Sprintf(" %4s%s ", age, count)) + oneLine(e.Message)
		out = append(out, fit(row, w))
	}
	return out
}
