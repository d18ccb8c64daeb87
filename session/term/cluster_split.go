package term

import (
	"sync/atomic"
	"unicode/utf8"
)

// A grapheme cluster takes, in the engine, the width the grapheme rules give it (x/ansi's
// GraphemeWidth). Terminals without grapheme clustering (tmux, xterm, and Bubble Tea's renderer
// unless the terminal reports mode 2027, which measures with ansi.StringWidthWc) instead draw
// every code point at its own wcwidth: a zero-width one joins the cell before it, any other
// starts a cell of its own. For most clusters (a letter and its combining marks) both give the
// same width. Where they do not, the engine places the cluster's pieces the way those terminals
// do, so its cells keep to the columns the host draws. Such clusters are:
//   - a base followed by a spacing mark (Indic and Southeast Asian vowel signs such as U+093E,
//     U+0E33): one column by the grapheme rules (GB9a), two in tmux;
//   - a Prepend letter (U+0D4E) and what follows it (GB9b);
//   - a letter followed by a width-1 Extend mark (halfwidth katakana U+FF9E/U+FF9F).
// Emoji sequences and conjoining Hangul jamo take a host form of their own (host_form.go).
// Random bytes hold about a dozen such clusters per MB; before, each one made its row one column
// wider on the host than in the engine, pushing the pane's border out and, as frames were
// diffed, leaving stale cells on the user's terminal that only a full redraw removed.

// placedForHost places cluster cl (of grapheme width w) as a user's terminal without grapheme
// clustering draws it, and reports whether it did; when it did not, cl is placed whole at w.
// A lone ZWJ is dropped, a lone regional indicator is one column and a lone emoji modifier two;
// a cluster with a ZWJ, regional indicator, emoji modifier or conjoining jamo takes its host
// form (placeHostForm); any other cluster of several code points whose wcwidth sum is not w
// is placed in pieces (also one of grapheme width 0, such as U+FE0F U+093E after a cursor move:
// the spacing mark is a cell of its own on the host).
func (t *Terminal) placedForHost(cl []byte, w int) bool {
	r, n := utf8.DecodeRune(cl)
	if n == len(cl) {
		switch {
		case r == zwj:
			return true
		case isRIOrModifier(r):
			t.placeCluster(cl, hostRuneWidth(r))
			return true
		}
		return false
	}
	if len(cl) == 8 && isRI(cl[:4]) && isRI(cl[4:]) {
		return false // a flag: two columns as one cell, as in its host form, without building it
	}
	for i := 0; i < len(cl); {
		r, n := utf8.DecodeRune(cl[i:])
		if hostSpecial(r) {
			t.placeHostForm(cl)
			return true
		}
		i += n
	}
	if wcWidth(cl) != max(w, 0) {
		t.placePieces(cl)
		return true
	}
	return false
}

// wcWidth is the sum of the wcwidths of cl's code points. The engine's width of a single code
// point (runeInfo) is its wcwidth for every code point a cell can hold (hostwidth_gen.go lists
// the others, which become U+FFFD), except regional indicators, emoji modifiers and Hangul
// jamo, which take the host form (host_form.go) instead.
func wcWidth(cl []byte) int {
	w := 0
	for i := 0; i < len(cl); {
		r, n := utf8.DecodeRune(cl[i:])
		w += int(runeInfo(r) & infoWidthMask)
		i += n
	}
	return w
}

// placePieces places cl as wcwidth terminals draw it: each code point of nonzero wcwidth starts
// a cell of that width (at most 2), with the zero-width code points after it joined to it.
func (t *Terminal) placePieces(cl []byte) {
	for len(cl) > 0 {
		r, n := utf8.DecodeRune(cl)
		w := int(runeInfo(r) & infoWidthMask)
		j := n
		for j < len(cl) {
			r2, n2 := utf8.DecodeRune(cl[j:])
			if runeInfo(r2)&infoWidthMask != 0 {
				break
			}
			j += n2
		}
		if w <= 0 {
			t.attachZeroWidth(cl[:j])
		} else {
			t.placeCluster(cl[:j], min(w, 2))
		}
		cl = cl[j:]
	}
}

// graphemeHost is set when the user's terminal clusters graphemes itself (see SetGraphemeHost).
var graphemeHost atomic.Bool

// SetGraphemeHost tells the engine whether the user's terminal clusters graphemes: it reported
// mode 2027 (Unicode core), so Bubble Tea's renderer measures by the grapheme rules and the
// terminal draws every cluster at its grapheme width. Then clusters are kept whole at that width;
// otherwise (the default, as in tmux and xterm) a cluster that wcwidth terminals draw at another
// width is placed in pieces, and emoji sequences and jamo take their host form (host_form.go).
// It is process-wide, as there is one user's terminal; cells already placed keep their layout.
func SetGraphemeHost(on bool) { graphemeHost.Store(on) }
