// Package term is podmux's terminal engine: bytes from a remote program in, a screen of styled
// cells, scrollback, modes and query replies out. It does no IO and imports no UI package.
//
// A Terminal is not safe for concurrent use; the session layer holds a lock around Write and reads.
package term

import (
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/parser"
)

// Size limits: New and Resize clamp to them.
const (
	MaxCols = 1000
	MaxRows = 500
)

// CursorShape is the DECSCUSR cursor shape.
type CursorShape uint8

// Cursor shapes.
const (
	CursorBlock CursorShape = iota
	CursorUnderline
	CursorBar
)

// Cursor is the cursor position (0-based, always inside the screen) and appearance.
type Cursor struct {
	X, Y     int
	Visible  bool
	Shape    CursorShape
	Blinking bool
}

// Option configures a Terminal.
type Option func(*Terminal)

// WithScrollback bounds the main screen's history by rows and by encoded bytes. lines < 0
// disables history; 0 keeps the default of 10,000 rows; bytes <= 0 keeps the default of 8 MiB.
func WithScrollback(lines, bytes int) Option {
	return func(t *Terminal) {
		if lines != 0 {
			t.histLines = max(lines, 0)
		}
		if bytes > 0 {
			t.histBytes = bytes
		}
	}
}

// WithReplies sets the sink for answers to terminal queries (DSR, DA, DECRQM, OSC colour…). It is
// called synchronously inside Write with a slice it may not keep; it must not block.
func WithReplies(fn func([]byte)) Option { return func(t *Terminal) { t.reply = fn } }

// WithOSC52 sets the clipboard-write handler for OSC 52 (selection letters, decoded data). By
// default OSC 52 is ignored. Queries ("?") are never answered.
func WithOSC52(fn func(sel string, data []byte)) Option { return func(t *Terminal) { t.osc52 = fn } }

// WithTitle sets a callback run when the window title changes (OSC 0/2).
func WithTitle(fn func(string)) Option { return func(t *Terminal) { t.titleFn = fn } }

// savedCursor is the DECSC state.
type savedCursor struct {
	x, y        int
	pending     bool
	pen         Style
	origin      bool
	charsets    [4]byte
	gl          uint8
	valid       bool
	autowrapOff bool
}

// Terminal is a VT/xterm screen. Invariants: 0 <= cursor x < cols, 0 <= cursor y < rows;
// 0 <= marginTop < marginBot < rows; Write never panics and runs in time linear in its input.
type Terminal struct {
	cols, rows int

	main, alt *screen
	scr       *screen // active screen
	altActive bool

	x, y        int
	wrapPending bool
	pen         Style
	penID       StyleID
	penStale    bool

	marginTop, marginBot    int
	marginLeft, marginRight int  // DECSLRM; full width unless lrmm set them
	lrmm                    bool // DECLRMM (mode 69)
	tabs                    []bool

	// modes
	autowrap, cursorVisible, origin, insert, lnm bool
	reverseVideo, sync, blink                    bool
	modes                                        Modes
	cursorShape                                  CursorShape
	cursorBlink                                  bool

	charsets [4]byte // '0' = DEC special graphics, 'B' = ASCII
	gl       uint8   // 0 = G0, 1 = G1
	single   int8    // single shift (SS2/SS3) pending: -1 none, else charset index

	saveMain, saveAlt savedCursor

	title, cwd string

	styles       styleTable
	clusters     clusterTable
	styleLimit   int // compaction thresholds; they grow with the live set so compaction stays rare
	clusterLimit int

	styleSpare     []Style // the previous style slice, reused by the next compaction
	styleCache     [8]styleCacheEntry
	styleCacheNext int
	hist           history

	histLines, histBytes int

	reply   func([]byte)
	osc52   func(string, []byte)
	titleFn func(string)

	parser   *ansi.Parser
	utf8Tail []byte // incomplete UTF-8 at the end of the last text run
	heldZW   []byte // a zero-width cluster ending the last write, not yet attached
	nInter   int    // intermediate bytes collected by the sequence being parsed (see Write)
	last     lastCluster
	scratch  []byte
	encText  []byte // scratch for encodeRow
	encRuns  []byte
	encRow   []byte
	replyBuf []byte

	dirty []uint64
	seq   uint64
}

// New returns a terminal of cols×rows (clamped to 1..MaxCols, 1..MaxRows).
func New(cols, rows int, opts ...Option) *Terminal {
	t := &Terminal{histLines: 10000, histBytes: 8 << 20}
	for _, o := range opts {
		o(t)
	}
	t.cols, t.rows = clampSize(cols, rows)
	t.styles = newStyleTable()
	t.styleLimit, t.clusterLimit = styleSoftLimit, clusterSoftLimit
	t.main = newScreen(t.cols, t.rows)
	t.scr = t.main
	t.dirty = make([]uint64, (t.rows+63)/64)
	t.parser = ansi.NewParser()
	t.parser.SetDataSize(64 << 10)
	t.parser.SetHandler(ansi.Handler{
		Execute:   t.execute,
		HandleCsi: t.handleCSI,
		HandleEsc: t.handleESC,
		HandleOsc: t.handleOSC,
		HandleDcs: t.handleDCS,
	})
	t.hist.init(t.histLines, t.histBytes)
	t.resetState()
	return t
}

func clampSize(cols, rows int) (int, int) {
	return min(max(cols, 1), MaxCols), min(max(rows, 1), MaxRows)
}

// resetState sets modes, margins, tabs, pen and charsets to power-on values (used by New, RIS).
func (t *Terminal) resetState() {
	t.autowrap, t.cursorVisible = true, true
	t.origin, t.insert, t.lnm, t.reverseVideo, t.sync = false, false, false, false, false
	t.modes = Modes{}
	t.cursorShape, t.cursorBlink = CursorBlock, false
	t.marginTop, t.marginBot = 0, t.rows-1
	t.lrmm = false
	t.resetLR()
	t.resetTabs()
	t.pen, t.penID, t.penStale = Style{}, 0, false
	t.charsets = [4]byte{'B', 'B', 'B', 'B'}
	t.gl, t.single = 0, -1
	t.saveMain, t.saveAlt = savedCursor{}, savedCursor{}
}

func (t *Terminal) resetTabs() {
	if cap(t.tabs) >= t.cols {
		t.tabs = t.tabs[:t.cols]
	} else {
		t.tabs = make([]bool, t.cols)
	}
	for i := range t.tabs {
		t.tabs[i] = i%8 == 0 && i > 0
	}
}

// Write feeds remote output to the terminal. Any chunking of a byte stream gives the same screen
// as writing it whole. It always returns len(p), nil.
func (t *Terminal) Write(p []byte) (int, error) {
	n := len(p)
	for i := 0; i < n; {
		st := t.parser.State()
		if st == parser.GroundState {
			b := p[i]
			if b >= 0x20 && b < 0x7f && len(t.heldZW)+len(t.utf8Tail) == 0 && t.plainASCII() {
				i += t.scanPrintASCII(p[i:]) // fused scan-and-store for printable ASCII
				continue
			}
			if b >= 0x20 && b != 0x7f {
				j := i
				high := byte(0)
				for j < n && p[j] >= 0x20 && p[j] != 0x7f {
					high |= p[j]
					j++
				}
				if high < 0x80 && len(t.heldZW)+len(t.utf8Tail) == 0 {
					t.printASCII(p[i:j]) // the common case: plain ASCII, nothing carried
				} else {
					t.text(p[i:j], j == n)
				}
				i = j
				continue
			}
			t.flushText()
			if b != 0x1b {
				t.execute(b) // in the ground state the parser would only execute it
				i++
				continue
			}
			t.nInter = 0 // a sequence starts
			if i+1 < n && p[i+1] == '[' {
				if k := t.fastCSI(p[i:]); k > 0 {
					i += k
					continue
				}
			}
			t.parser.Advance(b)
			i++
			continue
		}
		if st >= parser.OscStringState && st <= parser.ApcStringState {
			// Strings: feed the parser until it leaves the state. Linear; the parser caps data.
			for i < n && t.parser.State() == st {
				if p[i] == 0x1b {
					t.nInter = 0
				}
				t.parser.Advance(p[i])
				i++
			}
			continue
		}
		if b := p[i]; b < 0x20 && b != 0x1b && b != 0x18 && b != 0x1a && st <= parser.EscapeIntermediateState &&
			(st < parser.DcsEntryState || st > parser.DcsStringState) {
			// A C0 control inside an escape or control sequence is executed and the sequence goes
			// on. Done here because ansi.Parser's execute action overwrites the sequence's
			// collected prefix and intermediate ("CSI 3 LF ; 20 H" would dispatch as ED).
			t.execute(b)
			i++
			continue
		}
		// ansi.Parser keeps only the last intermediate byte; count them so a sequence with more
		// than any real one has ("ESC ( ( 0") is ignored whole, as tmux ignores it.
		switch b := p[i]; {
		case b >= 0x20 && b <= 0x2f && st >= parser.CsiEntryState && st <= parser.EscapeIntermediateState &&
			st != parser.DcsStringState:
			t.nInter++
		case b == 0x1b || (b >= 0x80 && b <= 0x9f):
			t.nInter = 0
		}
		t.parser.Advance(p[i])
		i++
	}
	if checkUsed {
		t.verifyUsed()
	}
	return n, nil
}

// Size returns the screen size in cells.
func (t *Terminal) Size() (cols, rows int) { return t.cols, t.rows }

// Cursor returns the cursor position and appearance.
func (t *Terminal) Cursor() Cursor {
	return Cursor{X: t.x, Y: t.y, Visible: t.cursorVisible, Shape: t.cursorShape, Blinking: t.cursorBlink}
}

// Modes returns the input-encoding modes the remote set.
func (t *Terminal) Modes() Modes { return t.modes }

// Title returns the window title (OSC 0/2).
func (t *Terminal) Title() string { return t.title }

// WorkingDir returns the last OSC 7 working directory URL ("" if none).
func (t *Terminal) WorkingDir() string { return t.cwd }

// AltScreen reports whether the alternate screen is active.
func (t *Terminal) AltScreen() bool { return t.altActive }

// Synchronized reports whether synchronized output (mode 2026) is on: a renderer may hold frames
// until it is off (bounding how long is the renderer's business).
func (t *Terminal) Synchronized() bool { return t.sync }

// Style resolves a cell's style id.
func (t *Terminal) Style(id StyleID) Style { return t.styles.get(id) }

// Cell returns the cell at column x, row y; out-of-range positions give an empty cell.
func (t *Terminal) Cell(x, y int) Cell {
	if x < 0 || y < 0 || x >= t.cols || y >= t.rows {
		return Cell{}
	}
	return t.scr.line(y).cells[x]
}

// Row returns row y's cells (len == cols) without copying; the slice is valid until the next
// Write or Resize and must not be modified. Out-of-range rows give nil.
func (t *Terminal) Row(y int) []Cell {
	if y < 0 || y >= t.rows {
		return nil
	}
	return t.scr.line(y).cells
}

// IsWrapped reports whether row y was soft-wrapped into row y+1.
func (t *Terminal) IsWrapped(y int) bool {
	if y < 0 || y >= t.rows {
		return false
	}
	return t.scr.line(y).wrapped
}

// Grapheme returns the text of cell c (" " for an empty cell, "" for a continuation cell).
func (t *Terminal) Grapheme(c Cell) string {
	switch {
	case c.flags&cellCont != 0:
		return ""
	case c.r == 0:
		return " "
	case c.r >= clusterBase:
		return t.clusters.get(c.r)
	}
	return string(c.r)
}

// AppendGrapheme appends cell c's text to dst without allocating: its character or cluster, a
// space for an empty cell, nothing for a continuation cell.
func (t *Terminal) AppendGrapheme(dst []byte, c Cell) []byte { return t.appendCell(dst, c) }

// ReverseVideo reports whether DECSCNM (CSI ? 5 h) asked for the whole screen in reverse video.
func (t *Terminal) ReverseVideo() bool { return t.reverseVideo }

// appendCell appends cell c's text to dst (nothing for a continuation cell).
func (t *Terminal) appendCell(dst []byte, c Cell) []byte {
	switch {
	case c.flags&cellCont != 0:
		return dst
	case c.r == 0:
		return append(dst, ' ')
	case c.r < 0x80:
		return append(dst, byte(c.r))
	case c.r >= clusterBase:
		return append(dst, t.clusters.get(c.r)...)
	}
	return appendRune(dst, c.r)
}
