package term_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/podmux/podmux/session/term"
)

// corpusDir holds the differential corpus recorded by scripts/capture-corpus.sh: for each case,
// NAME.raw (the bytes a real program wrote), NAME.screen (tmux's screen after replaying them),
// NAME.json (corpusCase) and, where tmux departs from xterm, NAME.expected_override.
const corpusDir = "testdata/corpus"

// corpusCase is one NAME.json.
type corpusCase struct {
	Name    string `json:"name"`
	Cols    int    `json:"cols"`
	Rows    int    `json:"rows"`
	CursorX int    `json:"cursor_x"`
	CursorY int    `json:"cursor_y"`
	Notes   string `json:"notes"`
	// XtermDiffers says why tmux's screen is not the xterm-correct one; when set, the expected
	// lines come from NAME.expected_override and the cursor from XtermCursorX/Y if present.
	XtermDiffers string `json:"xterm_differs"`
	XtermCursorX *int   `json:"xterm_cursor_x"`
	XtermCursorY *int   `json:"xterm_cursor_y"`
}

// expectation is what the engine must show after a whole stream.
type expectation struct {
	lines []string
	x, y  int
	from  string // file the lines came from, for messages
}

func loadCorpus(t *testing.T) []corpusCase {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(corpusDir, "*.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no corpus cases in %s (err %v): regenerate with scripts/capture-corpus.sh", corpusDir, err)
	}
	cases := make([]corpusCase, 0, len(paths))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var c corpusCase
		if err := json.Unmarshal(b, &c); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if c.Name+".json" != filepath.Base(p) || c.Cols < 1 || c.Rows < 1 {
			t.Fatalf("%s: bad name or size %q %dx%d", p, c.Name, c.Cols, c.Rows)
		}
		cases = append(cases, c)
	}
	raws, _ := filepath.Glob(filepath.Join(corpusDir, "*.raw"))
	if len(raws) != len(cases) {
		t.Fatalf("%d .raw streams but %d .json cases in %s: each stream needs its NAME.json", len(raws), len(cases), corpusDir)
	}
	return cases
}

func (c corpusCase) expect(t *testing.T) expectation {
	t.Helper()
	e := expectation{x: c.CursorX, y: c.CursorY, from: c.Name + ".screen"}
	if c.XtermDiffers != "" {
		e.from = c.Name + ".expected_override"
		if c.XtermCursorX != nil && c.XtermCursorY != nil {
			e.x, e.y = *c.XtermCursorX, *c.XtermCursorY
		}
	}
	b, err := os.ReadFile(filepath.Join(corpusDir, e.from))
	if errors.Is(err, fs.ErrNotExist) && c.XtermDiffers != "" {
		t.Fatalf("%s says xterm differs (%s) but %s is missing", c.Name, c.XtermDiffers, e.from)
	}
	if err != nil {
		t.Fatal(err)
	}
	e.lines = normalizeScreen(strings.Split(string(b), "\n"))
	// tmux reports the pending-wrap state (after writing the last column) as cursor_x == cols;
	// xterm and the engine keep the cursor on the last column with a wrap flag.
	e.x = min(e.x, c.Cols-1)
	return e
}

// normalizeScreen trims trailing spaces from each line and drops trailing empty lines, as
// capture-pane -p does.
func normalizeScreen(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.TrimRight(l, " ")
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

// chunkSizes splits n bytes into write sizes drawn from a generator seeded by the case name, a
// mix of tiny writes (which split escape sequences and UTF-8) and larger ones.
func chunkSizes(name string, n int) []int {
	h := fnv.New64a()
	h.Write([]byte(name))
	r := rand.New(rand.NewPCG(h.Sum64(), 0x5eed))
	var sizes []int
	for n > 0 {
		limit := []int{3, 17, 300, 4096}[r.IntN(4)]
		s := min(n, 1+r.IntN(limit))
		sizes = append(sizes, s)
		n -= s
	}
	return sizes
}

// replay feeds raw into a fresh terminal in the given write sizes (nil: one write).
func replay(t *testing.T, c corpusCase, raw []byte, sizes []int) *term.Terminal {
	t.Helper()
	tm := term.New(c.Cols, c.Rows)
	if sizes == nil {
		sizes = []int{len(raw)}
	}
	off := 0
	for _, s := range sizes {
		n, err := tm.Write(raw[off : off+s])
		if err != nil || n != s {
			t.Fatalf("Write(%d bytes at %d) = %d, %v", s, off, n, err)
		}
		off += s
	}
	return tm
}

// screenDiff describes how got differs from want, line by line (1-based), or returns "".
func screenDiff(want, got []string, limit int) string {
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(want), len(got)); i++ {
		var w, g string
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		if w == g {
			continue
		}
		if shown++; shown > limit {
			fmt.Fprintf(&b, "  ... more differing lines\n")
			break
		}
		fmt.Fprintf(&b, "  line %2d want %q\n          got  %q\n", i+1, w, g)
	}
	return b.String()
}

func check(tm *term.Terminal, e expectation) string {
	got := normalizeScreen(tm.ScreenText())
	msg := screenDiff(e.lines, got, 12)
	if cur := tm.Cursor(); cur.X != e.x || cur.Y != e.y {
		msg += fmt.Sprintf("  cursor want (%d,%d) got (%d,%d)\n", e.x, e.y, cur.X, cur.Y)
	}
	return msg
}

// TestCorpus replays every recorded program output into the engine, in one write and in
// randomly sized writes, and compares the screen text and cursor with tmux's (or, where a case
// records that tmux departs from xterm, with the xterm-correct override).
func TestCorpus(t *testing.T) {
	cases := loadCorpus(t)
	matched := 0
	var failed []string
	for _, c := range cases {
		ok := t.Run(c.Name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(corpusDir, c.Name+".raw"))
			if err != nil {
				t.Fatal(err)
			}
			e := c.expect(t)
			for _, v := range []struct {
				how   string
				sizes []int
			}{{"one write", nil}, {"random writes", chunkSizes(c.Name, len(raw))}} {
				if msg := check(replay(t, c, raw, v.sizes), e); msg != "" {
					t.Errorf("%s (%dx%d, %d bytes, %s) differs from %s [%s]:\n%s",
						c.Name, c.Cols, c.Rows, len(raw), v.how, e.from, c.Notes, msg)
				}
			}
		})
		if ok {
			matched++
		} else {
			failed = append(failed, c.Name)
		}
	}
	t.Logf("corpus: %d/%d streams match", matched, len(cases))
	if len(failed) > 0 {
		t.Logf("differing: %s", strings.Join(failed, " "))
	}
}

// TestCorpusChunking checks the test's own chunker: sizes are positive, cover the stream exactly
// and are reproducible.
func TestCorpusChunking(t *testing.T) {
	a, b := chunkSizes("x", 10000), chunkSizes("x", 10000)
	sum := 0
	for i, s := range a {
		if s < 1 || s != b[i] {
			t.Fatalf("size %d at %d (rerun %d)", s, i, b[i])
		}
		sum += s
	}
	if sum != 10000 || len(a) < 3 {
		t.Fatalf("sizes sum to %d in %d chunks", sum, len(a))
	}
}
