package localcci

import (
	"fmt"
	"strings"

	"github.com/podmux/podmux/cciapi"
)

// Exec protocol names for Options.ExecProtocols and `podmux serve --exec-protocols`.
const (
	// ExecWebSocket is WebSocket on GET with v5.channel.k8s.io and v4.channel.k8s.io, as
	// kube-apiserver 1.30 and later (its v5 translator) serves it.
	ExecWebSocket = "websocket"
	// ExecWebSocketV4 is WebSocket with v4.channel.k8s.io only, as kubelet and older API
	// servers serve it: no v5, so no stdin close; an offer of v5 alone is refused with 403.
	ExecWebSocketV4 = "websocket-v4"
	// ExecSPDY is SPDY/3.1 on POST with X-Stream-Protocol-Version v4, v3, v2 or channel.k8s.io,
	// as kubelet serves it.
	ExecSPDY = "spdy"
)

// DefaultExecProtocols is what a server speaks when Options.ExecProtocols is empty.
var DefaultExecProtocols = []string{ExecWebSocket, ExecSPDY}

// execProtocols is a resolved Options.ExecProtocols.
type execProtocols struct {
	ws   []string // WebSocket subprotocols spoken, preferred first; empty: no WebSocket
	spdy bool
}

// ParseExecProtocols splits a comma-separated list of exec protocol names (websocket,
// websocket-v4, spdy) and checks it.
func ParseExecProtocols(list string) ([]string, error) {
	var out []string
	for _, p := range strings.Split(list, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	if _, err := resolveExecProtocols(out); err != nil {
		return nil, err
	}
	return out, nil
}

func resolveExecProtocols(names []string) (execProtocols, error) {
	if len(names) == 0 {
		names = DefaultExecProtocols
	}
	var p execProtocols
	for _, n := range names {
		switch n {
		case ExecWebSocket:
			if len(p.ws) == 1 {
				return p, fmt.Errorf("exec protocols: %s and %s exclude each other (websocket includes v4)", ExecWebSocket, ExecWebSocketV4)
			}
			p.ws = []string{cciapi.ProtocolV5, cciapi.ProtocolV4}
		case ExecWebSocketV4:
			if len(p.ws) == 2 {
				return p, fmt.Errorf("exec protocols: %s and %s exclude each other (websocket includes v4)", ExecWebSocket, ExecWebSocketV4)
			}
			p.ws = []string{cciapi.ProtocolV4}
		case ExecSPDY:
			p.spdy = true
		default:
			return p, fmt.Errorf("exec protocol %q is not known: use %s, %s or %s, comma-separated", n, ExecWebSocket, ExecWebSocketV4, ExecSPDY)
		}
	}
	return p, nil
}

// ExecSummary says which exec protocols the server speaks and its fragment policy, for banners.
func (s *Server) ExecSummary() string {
	var parts []string
	if len(s.protos.ws) > 0 {
		v := "v5, v4"
		if len(s.protos.ws) == 1 {
			v = "v4 only"
		}
		parts = append(parts, "WebSocket "+v+" (GET)")
	}
	if s.protos.spdy {
		parts = append(parts, "SPDY/3.1 (POST)")
	}
	out := strings.Join(parts, ", ")
	if len(s.protos.ws) > 0 {
		if s.fragments == FragmentsReject {
			out += "; fragmented WebSocket messages rejected (strict)"
		} else {
			out += "; fragmented WebSocket messages reassembled (lenient)"
		}
	}
	return out
}
