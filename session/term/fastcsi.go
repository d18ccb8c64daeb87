package term

import (
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/parser"
)

// fastCSI parses a complete CSI sequence at the start of p (p[0] == ESC, p[1] == '[') made only
// of an optional private prefix, parameters and a final byte, and dispatches it without the
// byte-at-a-time parser. It reproduces ansi.Parser's parameter arithmetic exactly so a sequence
// split across writes (which goes through the parser) gives the same result. It returns the
// bytes consumed, or 0 to let the parser handle the sequence.
func (t *Terminal) fastCSI(p []byte) int {
	j := 2
	var prefix byte
	if j < len(p) && p[j] >= 0x3c && p[j] <= 0x3f {
		prefix = p[j]
		j++
	}
	var params [parser.MaxParamsSize]ansi.Param
	params[0] = parser.MissingParam
	n := 0
	for ; j < len(p); j++ {
		c := p[j]
		switch {
		case c >= '0' && c <= '9':
			if n < len(params) {
				if params[n] == parser.MissingParam {
					params[n] = 0
				}
				params[n] = params[n]*10 + ansi.Param(c-'0')
			}
		case c == ';' || c == ':':
			if n < len(params) {
				if c == ':' {
					params[n] |= parser.HasMoreFlag
				}
				n++
				if n < len(params) {
					params[n] = parser.MissingParam
				}
			}
		case c >= 0x40 && c <= 0x7e:
			if n > 0 && n < len(params)-1 || n == 0 && params[0] != parser.MissingParam {
				n++
			}
			t.handleCSI(ansi.Cmd(ansi.Command(prefix, 0, c)), params[:n])
			return j + 1
		default:
			return 0
		}
	}
	return 0
}
