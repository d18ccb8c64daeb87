package cciapi

import "io"

// ExecOptions says what to run in which container, and which streams to attach.
// With TTY set the server merges stderr into stdout, so Stderr should be false.
type ExecOptions struct {
	Namespace string
	Pod       string
	Container string
	Command   []string
	Stdin     bool
	Stdout    bool
	Stderr    bool
	TTY       bool
	// InitialSize, when non-zero, is sent as the first resize frame right after the upgrade,
	// before any output is read, so the remote program never starts at a wrong size.
	InitialWidth, InitialHeight uint16

	// StdinEnds says the caller will close Stdin to end the input (piped, not a terminal). Over
	// WebSocket only v5 can say so; ExecProtocol auto then prefers SPDY to a v4-only WebSocket.
	StdinEnds bool

	// protocols overrides the offered subprotocols (tests: offer only v4). Empty: v5, then v4.
	protocols []string
	onlyV5    bool // offer only v5 (auto, when stdin must end: a v4-only server refuses)
}

// Stream is one running exec. Stdout and Stderr return readers that end with io.EOF when the
// remote closes them; Wait returns the remote exit code once the status arrives, or an error when
// the stream failed (an abrupt close is an error, never exit code 0). Close is idempotent and
// safe to call from any goroutine; it releases every goroutine the stream started.
//
// Output buffering (both transports): Stdout keeps up to 1 MiB unread (over SPDY, plus the
// data frame being taken) and then stops reading the connection, so a slow consumer slows the
// remote down and loses nothing. Stderr keeps up to 1 MiB unread and then drops further stderr
// output, ending its reader with ErrOutputOverflow once the kept bytes are read: a consumer
// that never reads Stderr cannot stall Stdout or the stream. Read both concurrently to lose
// nothing.
//
// Reading, WebSocket: no goroutine reads the connection in the background. A Stdout or Stderr
// reader that has nothing buffered, Wait, and Close read it in turn, routing other channels'
// output into their buffers; so a consumer gets its own output on its own goroutine, with no
// hand-off. While nobody is in Read, Wait or Close nothing is read, and the server is held back
// by TCP. Over SPDY, spdystream and one pump per output stream read in the background, into the
// buffers above. On both, the outputs end only once the status (io.EOF) or the failure is known.
// For throughput, read the outputs to their end and then call Wait.
type Stream interface {
	Stdin() io.WriteCloser // Close sends stdin EOF (WebSocket v5, SPDY); on WebSocket v4 a no-op
	Stdout() io.Reader
	Stderr() io.Reader
	Resize(width, height uint16) error
	Close() error
	Wait() (exitCode int, err error)
	// Protocol is the negotiated protocol: the WebSocket subprotocol (v5.channel.k8s.io,
	// v4.channel.k8s.io) or, over SPDY, "spdy v4" (… "spdy v1"). ProtocolLabel shortens it.
	Protocol() string
}
