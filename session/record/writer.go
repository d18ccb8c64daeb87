package record

import (
	"fmt"
	"time"
)

// writeLoop is the recorder's only writer: it writes the encoded header, then repeatedly takes
// every block of encoded events and writes each with one Write, until Close and nothing left.
// On a write error it records the error, discards what is pending and keeps draining so no
// caller ever waits.
func (r *Recorder) writeLoop(head []byte, err error) {
	defer close(r.done)
	if err == nil {
		_, err = r.w.Write(head)
	}
	if err != nil {
		r.fail(err)
	}
	var batch [][]byte
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		r.mu.Lock()
		for r.writtenSeq == r.queuedSeq && !r.closed {
			r.cond.Wait()
		}
		if r.writtenSeq == r.queuedSeq {
			r.mu.Unlock()
			return
		}
		if !r.closed && r.writeErr == nil && r.pending < writeSize {
			r.mu.Unlock()
			r.gather(timer)
			r.mu.Lock()
		}
		batch, r.full = r.full, batch[:0]
		if r.cur != nil {
			batch = append(batch, r.cur)
			r.cur = nil
		}
		taken, target := r.pending, r.queuedSeq
		failed := r.writeErr != nil
		r.mu.Unlock()

		var werr error
		for i, b := range batch {
			if !failed && werr == nil {
				_, werr = r.w.Write(b)
			}
			putBlock(b)
			batch[i] = nil
		}
		r.mu.Lock()
		r.pending -= taken
		r.writtenSeq = target
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

// writeSize is how many bytes of encoded lines a block holds before it is handed to the writer
// as full, and so about the size of one write: large enough that a burst costs few system
// calls, small enough that the blocks stay few.
const writeSize = 256 << 10

func (r *Recorder) fail(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.writeErr == nil {
		r.writeErr = fmt.Errorf("write recording %s: %w", r.describe(), err)
	}
	r.cond.Broadcast()
}
