package ui

import (
	"context"
	"strconv"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/session"
)

// Messages the model receives from its commands. Async results carry what they are for
// (namespace, watch generation) so stale ones are dropped.
type (
	// namespacesMsg is the answer to listing namespaces.
	namespacesMsg struct {
		items []cciapi.Namespace
		err   error
	}
	// watchStartedMsg hands the model a new pod watch of namespace ns.
	watchStartedMsg struct {
		gen    int
		ns     string
		ch     <-chan cciapi.PodUpdate
		cancel context.CancelFunc
	}
	// podsMsg is one snapshot of the watched namespace; closed means the watch ended.
	podsMsg struct {
		gen    int
		update cciapi.PodUpdate
		closed bool
	}
	// frameMsg says which sessions printed since the last frame.
	frameMsg struct{ dirty []session.ID }
	// eventsMsg carries lifecycle events, in order; never coalesced away.
	eventsMsg struct{ events []session.Event }
	// tickMsg refreshes ages and expires status messages.
	tickMsg struct{}
)

func itoa(n int) string { return strconv.Itoa(n) }
