package localcci

import (
	"io"
	"os"
	"sync"
	"time"
)

// pumpStart and pumpMax bound an output frame's payload: a pump starts small (interactive
// output) and doubles its buffer whenever a read fills it (bulk output), so bulk data goes out
// in few, large frames.
const (
	pumpStart = 32 << 10
	pumpMax   = 1 << 20
)

// A program that prints line by line (a shell loop, `seq -f`, a logger) makes one write per
// line, and a pump that reads as soon as anything is there wakes, reads a line and sends a
// message of a few bytes for every one of them: the process, this server and the client all
// spend their CPU on per-line wake-ups (four such floods took both cores of a 2-core machine at
// 3 MB/s, and a shell echo beside them waited for a core). So while output streams (the
// previous read found data less than streamGap ago), a short read waits batchWait before the
// next one: the output piles up in the kernel's buffer (the writer blocks when it is full) and
// goes out in few large messages. Output after a pause is read at once (echo stays immediate);
// full reads never wait (bulk output keeps its speed).
const (
	streamGap = 2 * time.Millisecond
	batchWait = time.Millisecond
	shortRead = 2 << 10
)

// pump copies one process output to its channel until EOF (EIO on a pty whose last holder
// closed it). Reading the process and writing the socket overlap: this goroutine reads into one
// of two buffers while pumpWriter sends the other. A failed write means the client is gone: the
// session is cancelled.
func (x *execSession) pump(ch byte, r io.Reader, wg *sync.WaitGroup) {
	defer wg.Done()
	filled := make(chan []byte, 1) // messages (channel byte + payload) to send
	empty := make(chan []byte, 2)  // sent buffers coming back
	failed := make(chan struct{})  // closed when a write failed
	done := make(chan struct{})
	go x.pumpWriter(filled, empty, failed, done)
	defer func() {
		close(filled)
		<-done
		for len(empty) > 0 {
			putBulkBuf(<-empty)
		}
	}()
	size, live := pumpStart, 0
	var lastData time.Time
	for {
		var buf []byte
		if live < 2 {
			live++
		} else {
			select {
			case buf = <-empty:
			case <-failed:
				return
			}
		}
		if cap(buf) < 1+size {
			buf = getPumpBuf(size)
		}
		buf = buf[:1+size]
		buf[0] = ch
		n, err := r.Read(buf[1:])
		if n > 0 {
			now := time.Now()
			batch := now.Sub(lastData) < streamGap && n < shortRead && err == nil
			lastData = now
			select {
			case filled <- buf[:1+n]:
			case <-failed:
				return
			}
			if batch {
				time.Sleep(batchWait)
			}
			if n == size && size < pumpMax {
				size *= 2
				if f, ok := r.(*os.File); ok && x.proc != nil && x.proc.pty == nil && size > 64<<10 {
					growPipe(f) // bulk output through a pipe: let the kernel buffer more
				}
			}
		} else {
			empty <- buf // cap 2 with at most 2 buffers live: never blocks
		}
		if err != nil {
			return
		}
	}
}

// pumpWriter sends pump's messages and hands the buffers back. After a failed write it cancels
// the session and only drains.
func (x *execSession) pumpWriter(filled <-chan []byte, empty chan<- []byte, failed, done chan struct{}) {
	defer close(done)
	ok := true
	for msg := range filled {
		if !ok {
			continue
		}
		if err := x.write(msg); err != nil {
			ok = false
			close(failed)
			x.cancel()
			continue
		}
		empty <- msg
	}
}

// bulkBufs recycles the pumps' bulk buffers (1+pumpMax bytes) across sessions: without it every
// bulk exec allocates, zeroes and faults in a few MiB of buffers, and the GC collects them.
var bulkBufs = sync.Pool{New: func() any { return new([1 + pumpMax]byte) }}

// getPumpBuf returns a buffer for a message of up to size payload bytes: a fresh one at the
// starting size (interactive output), a recycled bulk buffer above it.
func getPumpBuf(size int) []byte {
	if size <= pumpStart {
		return make([]byte, 1+size)
	}
	return bulkBufs.Get().(*[1 + pumpMax]byte)[:]
}

// putBulkBuf recycles buf if it is a bulk buffer. The caller must hold its only reference.
func putBulkBuf(buf []byte) {
	if cap(buf) == 1+pumpMax {
		bulkBufs.Put((*[1 + pumpMax]byte)(buf[:1+pumpMax]))
	}
}
