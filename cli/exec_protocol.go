package cli

import (
	"fmt"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/session"
)

// checkExecProtocol validates --exec-protocol ("" means: the profile's, else auto).
func checkExecProtocol(p string) error {
	switch p {
	case "", cciapi.ExecProtocolAuto, cciapi.ExecProtocolWebSocket, cciapi.ExecProtocolSPDY:
		return nil
	}
	return fmt.Errorf("--exec-protocol %q: use auto, websocket or spdy", p)
}

// execProtocolText says what exec transport a client with setting p uses, for `auth status`.
func execProtocolText(p string) string {
	switch p {
	case cciapi.ExecProtocolWebSocket:
		return "websocket (GET, v5.channel.k8s.io, else v4)"
	case cciapi.ExecProtocolSPDY:
		return "spdy (SPDY/3.1 on POST, v4.channel.k8s.io … channel.k8s.io)"
	}
	return "auto (WebSocket v5/v4 on GET; SPDY/3.1 on POST when the WebSocket upgrade is refused, or when piped stdin must end and the WebSocket has no v5)"
}

// labeledStream shows a session's protocol as podmux names it ("ws v5", "spdy v4").
type labeledStream struct{ cciapi.Stream }

// Protocol is the short label of the stream's protocol.
func (s labeledStream) Protocol() string { return cciapi.ProtocolLabel(s.Stream.Protocol()) }

var _ session.Stream = labeledStream{}
