package record

import (
	"fmt"
	"slices"
)

// writeLoop is the recorder's only writer: it writes the encoded header, then repeatedly takes the
// whole queue and writes it as whole lines, until Close and an empty queue. On a write error
// it records the error, discards what is queued and keeps draining so no caller ever waits.
func (r *Recorder) writeLoop(head []byte, err error) {
	defer close(r.done)
	if err == nil {
		_, err = r.w.Write(head)
	}
	if err != nil {
		r.fail(err)
	}
	var buf []byte
	var batch []queued
	for {
		r.mu.Lock()
		for len(r.queue) == 0 && !r.closed {
			r.cond.Wait()
		}
		if len(r.queue) == 0 {
			r.mu.Unlock()
			return
		}
		batch, r.queue = r.queue, batch[:0]
		failed := r.writeErr != nil
		r.mu.Unlock()

		var werr error
		if !failed {
			need := 0
			for _, e := range batch {
				need += len(e.data) + len(e.data)/8 + 40 // escapes are rare in terminal output
			}
			buf = slices.Grow(buf[:0], need)
			for _, e := range batch {
				buf = appendEvent(buf, e.t, e.typ, e.data)
			}
			_, werr = r.w.Write(buf)
			if cap(buf) > 1<<20 && len(buf) < cap(buf)/4 {
				buf = nil // do not keep a large buffer after a burst
			}
		}
		r.mu.Lock()
		for i := range batch {
			r.pending -= len(batch[i].data) + eventOverhead
			batch[i] = queued{}
		}
		r.writtenSeq += uint64(len(batch))
		if werr != nil && r.writeErr == nil {
			r.writeErr = fmt.Errorf("write recording %s: %w", r.describe(), werr)
		}
		r.cond.Broadcast()
		r.mu.Unlock()
	}
}

func (r *Recorder) fail(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.writeErr == nil {
		r.writeErr = fmt.Errorf("write recording %s: %w", r.describe(), err)
	}
	r.cond.Broadcast()
}
