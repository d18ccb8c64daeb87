package localcci

import (
	"io"
	"os"
	"sync"
)

// pumpStart and pumpMax bound an output frame's payload: a pump starts small (interactive
// output) and doubles its buffer whenever a read fills it (bulk output), so bulk data goes out
// in few, large frames.
const (
	pumpStart = 32 << 10
	pumpMax   = 1 << 20
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
			select {
			case filled <- buf[:1+n]:
			case <-failed:
				return
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
