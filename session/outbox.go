package session

import (
	"errors"
	"sync"
)

// maxPending bounds the bytes queued for one remote's stdin.
const maxPending = 1 << 20

// outbox is a session's bounded input queue and pending resize, drained by one writer goroutine,
// so the UI never blocks on the network.
type outbox struct {
	mu     sync.Mutex
	buf    []byte
	size   [2]int
	sized  bool
	closed bool
	sig    chan struct{}
}

func newOutbox() *outbox { return &outbox{sig: make(chan struct{}, 1)} }

func (o *outbox) signal() {
	select {
	case o.sig <- struct{}{}:
	default:
	}
}

func (o *outbox) push(p []byte) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		return errors.New("session input is closed")
	}
	if len(o.buf)+len(p) > maxPending {
		return errors.New("input not sent: the remote is not reading its input (queue full)")
	}
	o.buf = append(o.buf, p...)
	o.signal()
	return nil
}

func (o *outbox) resize(cols, rows int) {
	o.mu.Lock()
	o.size, o.sized = [2]int{cols, rows}, true
	o.mu.Unlock()
	o.signal()
}

func (o *outbox) close() {
	o.mu.Lock()
	o.closed = true
	o.mu.Unlock()
	o.signal()
}

// drain writes queued input and resizes to st until close, copying resizes to tee and input to
// in (when set). A write error ends draining.
func (o *outbox) drain(st Stream, tee Tee, in func([]byte)) {
	var spare []byte
	for range o.sig {
		o.mu.Lock()
		data := o.buf
		o.buf = spare[:0]
		size, sized := o.size, o.sized
		o.sized = false
		closed := o.closed
		o.mu.Unlock()
		if sized {
			if err := st.Resize(uint16(min(size[0], 65535)), uint16(min(size[1], 65535))); err != nil {
				return
			}
			if tee != nil {
				tee.Resize(size[0], size[1])
			}
		}
		if len(data) > 0 {
			if in != nil {
				in(data)
			}
			if _, err := st.Stdin().Write(data); err != nil {
				return
			}
		}
		spare = data
		if closed {
			return
		}
	}
}
