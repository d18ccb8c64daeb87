package term

// Cell is one screen position: 8 bytes. It holds a rune, or a handle to an interned grapheme
// cluster, a style id and width flags. The zero Cell is an empty cell in the default style.
// A wide character occupies two cells: the first has Wide set, the second is a continuation
// (Width 0) that renderers skip.
type Cell struct {
	r     rune // 0 empty; < clusterBase a single rune; otherwise clusterBase + cluster index
	Style StyleID
	flags uint8
	_     uint8 // padding, never written (history encoding reads a Cell as one uint64)
}

const (
	cellWide uint8 = 1 << iota
	cellCont
)

// clusterBase is the first rune value used as a cluster handle (above the Unicode range).
const clusterBase = 0x110000

// Width is the number of columns the cell's character covers: 1, 2 for the first half of a wide
// character, 0 for the continuation half.
func (c Cell) Width() int {
	switch {
	case c.flags&cellCont != 0:
		return 0
	case c.flags&cellWide != 0:
		return 2
	}
	return 1
}

// IsContinuation reports whether c is the right half of a wide character.
func (c Cell) IsContinuation() bool { return c.flags&cellCont != 0 }

// IsEmpty reports whether the cell holds no character (it shows as a space).
func (c Cell) IsEmpty() bool { return c.r == 0 }

// Rune returns the cell's character if it is a single rune and ' ' for an empty cell; for a
// multi-rune grapheme cluster it returns 0: use Terminal.Grapheme or AppendGrapheme for text.
func (c Cell) Rune() rune {
	if c.r == 0 {
		return ' '
	}
	if c.r >= clusterBase {
		return 0
	}
	return c.r
}

// clusterTable interns multi-rune grapheme clusters. It is rebuilt from live cells by the
// Terminal when it grows past clusterSoftLimit, so it stays bounded.
type clusterTable struct {
	strs []string
	ids  map[string]int32
}

const (
	clusterSoftLimit = 4096
	// maxClusterBytes caps the bytes stored for one cluster (a cell of 200 combining marks keeps
	// the first ones; width and segmentation still use the whole cluster).
	maxClusterBytes = 64
)

func (ct *clusterTable) intern(b []byte) rune {
	if ct.ids == nil {
		ct.ids = make(map[string]int32)
	}
	if id, ok := ct.ids[string(b)]; ok {
		return clusterBase + rune(id)
	}
	s := string(b)
	id := int32(len(ct.strs))
	ct.strs = append(ct.strs, s)
	ct.ids[s] = id
	return clusterBase + rune(id)
}

func (ct *clusterTable) get(r rune) string {
	i := int(r - clusterBase)
	if i >= 0 && i < len(ct.strs) {
		return ct.strs[i]
	}
	return "\uFFFD"
}
