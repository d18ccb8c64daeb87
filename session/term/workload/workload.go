// Package workload generates the deterministic terminal-output workloads used to benchmark the
// terminal engine against tmux: plain log lines, dense SGR colour, full-screen cursor-addressed
// redraws (like top or vim) and CJK/emoji text. Output uses CR LF so it needs no tty processing.
package workload

import (
	"fmt"
	"math/rand/v2"
)

// Names lists the workloads in report order.
var Names = []string{"plain", "sgr", "redraw", "cjk"}

// Generate returns about n bytes of the named workload for a cols×rows screen.
func Generate(name string, n, cols, rows int) []byte {
	r := rand.New(rand.NewPCG(42, uint64(len(name))))
	switch name {
	case "plain":
		return plain(r, n, cols)
	case "sgr":
		return sgr(r, n, cols)
	case "redraw":
		return redraw(r, n, cols, rows)
	case "cjk":
		return cjk(r, n, cols)
	}
	panic("workload: unknown name " + name)
}

var words = []string{"the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "INFO",
	"request", "handled", "in", "ms", "status=200", "path=/api/v2/pods", "user", "id", "error",
	"retry", "connection", "established", "0x7f3a9c", "namespace", "default", "container"}

// plain is log lines of 40–cols-1 printable ASCII characters.
func plain(r *rand.Rand, n, cols int) []byte {
	b := make([]byte, 0, n+256)
	for len(b) < n {
		ln := 40 + r.IntN(cols-40)
		start := len(b)
		b = fmt.Appendf(b, "2026-11-29T01:%02d:%02d.%03dZ ", r.IntN(60), r.IntN(60), r.IntN(1000))
		for len(b)-start < ln {
			b = append(b, words[r.IntN(len(words))]...)
			b = append(b, ' ')
		}
		b = append(b[:start+min(ln, len(b)-start)], "\r\n"...)
	}
	return b
}

// sgr is text where every word carries its own colour (16, 256 and truecolor, ';' and ':').
func sgr(r *rand.Rand, n, cols int) []byte {
	b := make([]byte, 0, n+256)
	for len(b) < n {
		col := 0
		for col < cols-12 {
			switch r.IntN(4) {
			case 0:
				b = fmt.Appendf(b, "\x1b[%d;%dm", 30+r.IntN(8), 1+r.IntN(2))
			case 1:
				b = fmt.Appendf(b, "\x1b[38;5;%dm", r.IntN(256))
			case 2:
				b = fmt.Appendf(b, "\x1b[38;2;%d;%d;%dm", r.IntN(256), r.IntN(256), r.IntN(256))
			default:
				b = fmt.Appendf(b, "\x1b[48:5:%d;4m", r.IntN(256))
			}
			w := words[r.IntN(len(words))]
			b = append(b, w...)
			b = append(b, "\x1b[0m "...)
			col += len(w) + 1
		}
		b = append(b, "\r\n"...)
	}
	return b
}

// redraw repaints the whole screen per frame with absolute cursor moves, like top.
func redraw(r *rand.Rand, n, cols, rows int) []byte {
	b := make([]byte, 0, n+cols*rows*4)
	for len(b) < n {
		b = append(b, "\x1b[H\x1b[7m PID USER      PR  NI    VIRT    RES  %CPU %MEM     TIME+ COMMAND"...)
		b = append(b, "\x1b[K\x1b[0m"...)
		for y := 2; y <= rows; y++ {
			b = fmt.Appendf(b, "\x1b[%d;1H%5d \x1b[1mroot\x1b[0m      20   0 %7d %6d ", y, 1000+r.IntN(9000),
				r.IntN(9999999), r.IntN(999999))
			if r.IntN(3) == 0 {
				b = fmt.Appendf(b, "\x1b[31m%5.1f\x1b[0m", r.Float64()*100)
			} else {
				b = fmt.Appendf(b, "%5.1f", r.Float64()*100)
			}
			b = fmt.Appendf(b, " %4.1f %3d:%02d.%02d %s\x1b[K", r.Float64()*10, r.IntN(100), r.IntN(60),
				r.IntN(100), words[r.IntN(len(words))])
		}
	}
	return b
}

// cjk is lines of CJK ideographs, kana and hangul with some emoji, flags and combining marks.
func cjk(r *rand.Rand, n, cols int) []byte {
	b := make([]byte, 0, n+256)
	extras := []string{"😀", "👍", "🎉", "é", "ñ", "🇯🇵", "—"}
	for len(b) < n {
		col := 0
		for col < cols-2 {
			switch k := r.IntN(20); {
			case k < 12:
				b = append(b, string(rune(0x4e00+r.IntN(0x5000)))...)
				col += 2
			case k < 15:
				b = append(b, string(rune(0x3041+r.IntN(80)))...)
				col += 2
			case k < 17:
				b = append(b, string(rune(0xac00+r.IntN(11000)))...)
				col += 2
			case k < 18:
				b = append(b, extras[r.IntN(len(extras))]...)
				col += 2
			default:
				b = append(b, ' ')
				col++
			}
		}
		b = append(b, "\r\n"...)
	}
	return b
}
