package term

import "unicode/utf8"

// Emoji sequences and conjoining Hangul jamo on a user's terminal without grapheme clustering
// (no mode 2027: tmux, xterm). Bubble Tea's renderer then counts every code point of a cell at
// its wcwidth (ansi.StringWidthWc), and tmux draws every code point on its own, so a cluster kept
// whole at its grapheme width pushed the rest of its row out of place on the host. Measured with
// tmux 3.3a (glibc 2.36 widths), column after the sequence / renderer's count of the whole cell
// / grapheme width:
//
//	👍🏽 (emoji + skin tone)        4 / 4 / 2    the modifier is a 2-wide character of its own
//	👨‍👩‍👧 (ZWJ sequence)           2 / 6 / 2    tmux draws the code point after a ZWJ inside the
//	                                            cell before it; the renderer counts it
//	🇩🇪 / 🇩 (regional indicators)  2 / 2 / 2,  1 / 1 / 2 (a lone one)
//	1️⃣ ❤️ (text char + VS16)       1 / 1 / 2    VS16 does not widen in tmux 3.3a
//	ᄀ ᅡ ᆨ (L V T jamo)             2 / 4 / 2    tmux draws V and T jamo zero wide, the renderer
//	                                            one column each
//
// So, when the host does not cluster graphemes, such a cluster is stored in its host form:
//   - an emoji modifier (U+1F3FB–U+1F3FF) is a cell of two columns, a regional indicator one of
//     one column (a flag pair shares one cell of two);
//   - a ZWJ is dropped and what it joined is kept, each emoji a cell of its own: 👨‍👩‍👧 is
//     👨👩👧, six columns, as xterm draws it and as a program in the pane that counts wcwidth per
//     code point (readline) believes it is. tmux 3.3a draws the code point after a ZWJ inside
//     the cell before (two columns), where no cell can hold it and still measure the same for
//     the renderer; dropping it would lose the text from copy, search and the scrollback and put
//     the program's cursor four columns off. No ZWJ reaches the host, so the host never joins it
//     to what the renderer draws next (DESIGN.md: tmux is the reference unless it departs from
//     xterm);
//   - modern jamo (L U+1100–U+1112, V U+1161–U+1175, T U+11A8–U+11C2) are composed into the
//     precomposed syllable (U+AC00–U+D7A3, two columns everywhere); a V or T jamo that does not
//     compose is shown as U+FFFD, as a lone one is (isVowelOrFinalJamo).
//
// Everything else in the cluster is placed in pieces as in placePieces. Newer tmux releases size
// some of these differently again (their source joins emoji modifiers into the cell before and
// can widen a character before VS16); the host form follows tmux 3.3a, the version measured.

// Code points the host form treats specially.
const (
	zwj         = 0x200D
	riFirst     = 0x1F1E6 // regional indicators
	riLast      = 0x1F1FF
	modFirst    = 0x1F3FB // emoji modifiers (skin tones)
	modLast     = 0x1F3FF
	hangulFirst = 0xAC00 // precomposed syllables
	hangulLast  = 0xD7A3
)

// hostSpecial reports whether r makes its cluster take the host form: a ZWJ, a regional
// indicator, an emoji modifier or a conjoining Hangul jamo.
func hostSpecial(r rune) bool {
	switch {
	case r < 0x1100:
		return false
	case r <= 0x11FF, r == zwj:
		return true
	case r >= 0xA960 && r <= 0xA97F, r >= 0xD7B0 && r <= 0xD7FF:
		return true
	}
	return isRIOrModifier(r)
}

// isRIOrModifier reports whether r is a regional indicator or an emoji modifier.
func isRIOrModifier(r rune) bool {
	return r >= riFirst && r <= modLast && (r <= riLast || r >= modFirst)
}

// hostRuneWidth is the number of columns tmux (wcwidth) and the renderer give r on its own, for
// every code point a cell may hold in the host form.
func hostRuneWidth(r rune) int {
	switch {
	case r >= riFirst && r <= riLast:
		return 1
	case r >= modFirst && r <= modLast:
		return 2
	}
	return int(runeInfo(r) & infoWidthMask)
}

// isVowelOrFinalJamo reports whether r is a Hangul vowel or final jamo (U+1160–U+11FF,
// U+D7B0–U+D7FF). tmux (glibc) draws one zero wide, on the cell before it, while Bubble Tea's
// renderer (x/ansi's wcwidth) counts one column, so one that starts a cluster (a lone jamo, not
// joined to a leading consonant; random bytes hold about ten per MB) or does not compose is shown
// as U+FFFD, one column everywhere, as other disputed code points are (hostwidth.go).
func isVowelOrFinalJamo(r rune) bool {
	return (r >= 0x1160 && r <= 0x11FF) || (r >= 0xD7B0 && r <= 0xD7FF)
}

// composeJamo returns the precomposed syllable that prev (a leading consonant or a syllable
// without a final) and r (a vowel or final jamo) make, and whether they compose.
func composeJamo(prev, r rune) (rune, bool) {
	switch {
	case prev >= 0x1100 && prev <= 0x1112 && r >= 0x1161 && r <= 0x1175:
		return hangulFirst + ((prev-0x1100)*21+(r-0x1161))*28, true
	case prev >= hangulFirst && prev <= hangulLast && (prev-hangulFirst)%28 == 0 && r >= 0x11A8 && r <= 0x11C2:
		return prev + (r - 0x11A7), true
	}
	return 0, false
}

// hostPiece is one cell of a cluster's host form: form[start:end], w columns (0 for zero-width
// code points before the first cell, which join the cell before the cluster).
type hostPiece struct{ start, end, w int }

// hostForm appends cl's host form to form and its cells to pieces.
func hostForm(cl, form []byte, pieces []hostPiece) ([]byte, []hostPiece) {
	for len(cl) > 0 {
		r, n := utf8.DecodeRune(cl)
		c := cl[:n]
		cl = cl[n:]
		w := hostRuneWidth(r)
		if r == zwj {
			continue
		}
		last := len(pieces) - 1
		if isVowelOrFinalJamo(r) {
			if last >= 0 {
				p := &pieces[last]
				prev, pn := utf8.DecodeRune(form[p.start:p.end])
				if s, ok := composeJamo(prev, r); ok && pn == p.end-p.start {
					form = utf8.AppendRune(form[:p.start], s)
					p.end, p.w = len(form), 2
					continue
				}
			}
			c, w = []byte("\uFFFD"), 1
		}
		switch {
		case w == 0 && last >= 0:
			form = append(form, c...)
			pieces[last].end = len(form)
		case w == 0:
			form = append(form, c...)
			pieces = append(pieces, hostPiece{len(form) - len(c), len(form), 0})
		case w == 1 && last >= 0 && pieces[last].w == 1 && isRI(c) && isRI(form[pieces[last].start:pieces[last].end]):
			form = append(form, c...)
			pieces[last].end, pieces[last].w = len(form), 2
		default:
			form = append(form, c...)
			pieces = append(pieces, hostPiece{len(form) - len(c), len(form), min(w, 2)})
		}
	}
	return form, pieces
}

// isRI reports whether b is exactly one regional indicator.
func isRI(b []byte) bool {
	r, n := utf8.DecodeRune(b)
	return n == len(b) && r >= riFirst && r <= riLast
}

// placeHostForm places cl's host form at the cursor. When all its cells land on one row, the
// carried last cluster is cl itself, spanning them, so a write that continues cl (a ZWJ, then
// an emoji in the next write) re-places it exactly as if it had come in one piece.
func (t *Terminal) placeHostForm(cl []byte) {
	var fbuf [64]byte
	var pbuf [8]hostPiece
	form, pieces := hostForm(cl, fbuf[:0], pbuf[:0])
	fx, fy, placed := 0, 0, 0
	for i, p := range pieces {
		if p.w == 0 {
			t.attachZeroWidth(form[p.start:p.end])
			continue
		}
		t.placeCluster(form[p.start:p.end], p.w)
		if placed == 0 {
			fx, fy = t.last.x, t.last.y
		}
		placed += p.w
		if i == len(pieces)-1 && t.last.y == fy && t.last.x+t.last.w == fx+placed {
			t.last.x, t.last.w = fx, placed
			t.last.bytes = append(t.last.bytes[:0], cl[:min(len(cl), maxCarry)]...)
		}
	}
}
