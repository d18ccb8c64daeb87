package record

import (
	"sync"
	"unicode/utf8"
)

// chunkSize is the capacity of the pooled buffers Output and Input copy their bytes into: the
// size of a session reader's reads, so a read fits one buffer.
const chunkSize = 32 << 10

// minPooled is the smallest copy taken from the pool. Smaller copies (keystroke echoes, short
// lines) get a buffer of their own size, so a queue of many small events does not pin a 32 KiB
// buffer each.
const minPooled = 2 << 10

// chunkPool holds *[]byte buffers of capacity chunkSize to 4×chunkSize (a pooled buffer that
// grew by coalescing stays pooled up to that size). Recycling them removes an allocation, its
// zeroing and its GC share per chunk of output.
var chunkPool sync.Pool

// getChunk returns an empty buffer with room for n bytes.
func getChunk(n int) []byte {
	if n < minPooled || n > chunkSize+utf8.UTFMax {
		return make([]byte, 0, n)
	}
	if p, ok := chunkPool.Get().(*[]byte); ok && cap(*p) >= n {
		return (*p)[:0]
	}
	// Room for a full read plus the incomplete UTF-8 tail carried over from the previous one.
	return make([]byte, 0, chunkSize+utf8.UTFMax)
}

// putChunk gives b back to the pool once nothing refers to it any more; buffers of other sizes
// are left to the GC.
func putChunk(b []byte) {
	if cap(b) < chunkSize || cap(b) > 4*chunkSize {
		return
	}
	b = b[:0]
	chunkPool.Put(&b)
}
