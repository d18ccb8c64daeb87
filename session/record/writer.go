package record

import (
	"fmt"
	"slices"
	"time"
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
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		r.mu.Lock()
		for len(r.queue) == 0 && !r.closed {
			r.cond.Wait()
		}
		if len(r.queue) == 0 {
			r.mu.Unlock()
			return
		}
		if !r.closed && r.writeErr == nil && r.pending < writeSize {
			r.mu.Unlock()
			r.gather(timer)
			r.mu.Lock()
		}
		batch, r.queue = r.queue, batch[:0]
		failed := r.writeErr != nil
		r.mu.Unlock()

		var werr error
		if !failed {
			buf, werr = r.writeBatch(buf, batch)
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

// gatherDelay is how long the writer, woken by less than writeSize of queued output, waits for
// more before writing: at exec speeds (tens of MB/s arriving in 32 KiB reads) it turns about ten
// small writes and wake-ups into one; at typing speed it delays the file by 10 ms.
const gatherDelay = 10 * time.Millisecond

// gather waits gatherDelay, or less when Flush or Close kicks the writer.
func (r *Recorder) gather(timer *time.Timer) {
	timer.Reset(gatherDelay)
	select {
	case <-timer.C:
	case <-r.kick:
		timer.Stop()
	}
}

// kickWriter ends a gathering pause early (never blocks).
func (r *Recorder) kickWriter() {
	select {
	case r.kick <- struct{}{}:
	default:
	}
}

// writeSize is how many bytes of encoded lines the writer gathers before one write(2): large
// enough that a burst costs few system calls, small enough that the encode buffer stays small.
const writeSize = 256 << 10

// writeBatch encodes batch into buf and writes it, one write per writeSize of whole lines (a
// write never ends inside a line, so a crash leaves only whole events behind). Each event's data
// goes back to the chunk pool once encoded. It returns buf for reuse and the first write error;
// after an error the rest of the batch is not written.
func (r *Recorder) writeBatch(buf []byte, batch []queued) ([]byte, error) {
	var err error
	for i, e := range batch {
		if err == nil {
			buf = slices.Grow(buf, len(e.data)+len(e.data)/8+40) // escapes are rare in terminal output
			buf = appendEvent(buf, e.t, e.typ, e.data)
			if len(buf) >= writeSize || i == len(batch)-1 {
				_, err = r.w.Write(buf)
				buf = buf[:0]
			}
		}
		putChunk(e.data)
	}
	if cap(buf) > 4*writeSize {
		buf = nil // one huge event (a coalesced burst of escapes): do not keep its buffer
	}
	return buf[:0], err
}

func (r *Recorder) fail(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.writeErr == nil {
		r.writeErr = fmt.Errorf("write recording %s: %w", r.describe(), err)
	}
	r.cond.Broadcast()
}
