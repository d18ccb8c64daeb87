package record

import "sync"

// Encoded events are written into blocks: buffers of whole event lines that the writer takes
// and writes, one Write per block, then gives back here. Blocks come in two sizes: small ones
// for the first event of a writer cycle when it is small (typing, prompts, a line of output),
// so a quiet session never holds a large buffer, and large ones for bulk output.
const (
	smallBlock = 16 << 10
	largeBlock = 2 * writeSize
)

// maxEventData bounds the data of one event: Output and Input split longer input into several
// events (at rune starts), so that the worst-case encoding of any event (six bytes per input
// byte) fits a large block that already holds writeSize, and no line nears MaxLineBytes.
const maxEventData = (largeBlock - writeSize - maxEventFraming) / maxEscapeGrowth

// maxEventFraming is the most bytes an event line takes besides its data's encoding: the
// brackets, the time and the event code.
const maxEventFraming = 64

var smallBlocks, largeBlocks sync.Pool // *[]byte of capacity smallBlock, largeBlock

// getBlock returns an empty block with room for at least n bytes, preferring a large one when
// large is set. A block larger than largeBlock (an event that was not split, such as a huge
// marker label) is allocated for the one use.
func getBlock(n int, large bool) []byte {
	switch {
	case n <= smallBlock && !large:
		if p, ok := smallBlocks.Get().(*[]byte); ok {
			return (*p)[:0]
		}
		return make([]byte, 0, smallBlock)
	case n <= largeBlock:
		if p, ok := largeBlocks.Get().(*[]byte); ok {
			return (*p)[:0]
		}
		return make([]byte, 0, largeBlock)
	default:
		return make([]byte, 0, n)
	}
}

// putBlock gives b back to its pool once written; blocks of other capacities are left to the
// GC.
func putBlock(b []byte) {
	b = b[:0]
	switch cap(b) {
	case smallBlock:
		smallBlocks.Put(&b)
	case largeBlock:
		largeBlocks.Put(&b)
	}
}
