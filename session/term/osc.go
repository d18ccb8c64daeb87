package term

import (
	"bytes"
	"encoding/base64"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Caps on strings a remote can set.
const (
	maxTitle = 1024
	maxLink  = 2048
)

// handleOSC handles operating system commands: titles, cwd, hyperlinks, colour queries, OSC 52.
func (t *Terminal) handleOSC(cmd int, data []byte) {
	t.last.valid = false
	_, arg, _ := bytes.Cut(data, []byte{';'})
	switch cmd {
	case 0, 2:
		t.title = cleanString(arg, maxTitle)
		t.seq++
		if t.titleFn != nil {
			t.titleFn(t.title)
		}
	case 7:
		t.cwd = cleanString(arg, maxLink)
	case 8:
		// OSC 8 ; params ; uri
		_, uri, _ := bytes.Cut(arg, []byte{';'})
		link := cleanString(uri, maxLink)
		if link != t.pen.Link {
			t.pen.Link = link
			t.penStale = true
		}
	case 10, 11, 12:
		t.colorQuery(cmd, arg)
	case 52:
		t.osc52Write(arg)
	}
}

// colorQuery answers "OSC 10/11/12 ; ?" with the default colours; a list of queries starting at
// that number ("10;?;?") is answered one reply each. Setting colours is ignored.
func (t *Terminal) colorQuery(cmd int, arg []byte) {
	for _, q := range bytes.Split(arg, []byte{';'}) {
		if cmd > 12 {
			return
		}
		if string(q) == "?" {
			c := "rgb:ffff/ffff/ffff"
			if cmd == 11 {
				c = "rgb:0000/0000/0000"
			}
			t.sendReply("\x1b]" + string(rune('0'+cmd/10)) + string(rune('0'+cmd%10)) + ";" + c + "\x1b\\")
		}
		cmd++
	}
}

// osc52Write decodes "OSC 52 ; sel ; base64" and hands it to the clipboard callback.
func (t *Terminal) osc52Write(arg []byte) {
	if t.osc52 == nil {
		return
	}
	sel, b64, ok := bytes.Cut(arg, []byte{';'})
	if !ok || string(b64) == "?" {
		return
	}
	data, err := base64.StdEncoding.DecodeString(string(b64))
	if err != nil {
		return
	}
	s := string(sel)
	if s == "" {
		s = "c"
	}
	t.osc52(s, data)
}

// handleDCS ignores device control strings (the parser caps their size).
func (t *Terminal) handleDCS(ansi.Cmd, ansi.Params, []byte) { t.last.valid = false }

// cleanString returns b as valid UTF-8 without control characters, cut to at most n bytes.
func cleanString(b []byte, n int) string {
	if len(b) > n {
		b = b[:n]
	}
	s := strings.ToValidUTF8(string(b), "\uFFFD")
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return -1
		}
		return r
	}, s)
}
