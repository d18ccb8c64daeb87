package term

import "testing"

func TestLeftRightMargins(t *testing.T) {
	fill := "\x1b#8" // DECALN: every cell 'E'
	runSeqCases(t, []seqCase{
		{name: "CSI s saves without DECLRMM", in: "ab\x1b[2;5sX\x1b[uY", want: "abY", x: 3},
		{name: "wrap at right margin", in: "\x1b[?69h\x1b[3;6s\x1b[1;3H123456", want: "  1234|  56", x: 4, y: 1},
		{name: "CR to left margin", in: "\x1b[?69h\x1b[3;6s\x1b[1;5HX\rY", want: "  Y X", x: 3},
		{name: "CR left of margin", in: "\x1b[?69h\x1b[3;6s\x1b[1;1HX\rY", want: "Y", x: 1},
		{name: "scroll inside margins", cols: 6, rows: 3, in: fill + "\x1b[?69h\x1b[2;4s\x1b[3;2H\n",
			want: "EEEEEE|EEEEEE|E   EE", x: 1, y: 2},
		{name: "ICH inside margins", cols: 6, rows: 1, in: "abcdef\x1b[?69h\x1b[2;4s\x1b[1;2H\x1b[@",
			want: "a bcef", x: 1},
		{name: "DCH inside margins", cols: 6, rows: 1, in: "abcdef\x1b[?69h\x1b[2;4s\x1b[1;2H\x1b[P",
			want: "acd ef", x: 1},
		{name: "IL inside margins", cols: 4, rows: 3, in: fill + "\x1b[?69h\x1b[2;3s\x1b[2;2H\x1b[L",
			want: "EEEE|E  E|EEEE", x: 1, y: 1},
		{name: "DL outside margins ignored", cols: 4, rows: 3, in: fill + "\x1b[?69h\x1b[2;3s\x1b[2;4H\x1b[M",
			want: "EEEE|EEEE|EEEE", x: 3, y: 1},
		{name: "origin mode columns", in: "\x1b[?69h\x1b[3;6s\x1b[?6h\x1b[1;1HX\x1b[1;99HY", want: "  X  Y", x: 5},
		{name: "reset by 69l", in: "\x1b[?69h\x1b[3;6s\x1b[?69l\x1b[1;9H1234", want: "        12|34", x: 2, y: 1},
		{name: "bad margins ignored", in: "\x1b[?69h\x1b[6;3s\x1b[1;9H1234", want: "        12|34", x: 2, y: 1},
	})
	tm := New(10, 2, WithReplies(func(b []byte) {
		if string(b) != "\x1b[?69;1$y" {
			t.Errorf("DECRQM 69: %q", b)
		}
	}))
	tm.Write([]byte("\x1b[?69h\x1b[?69$p"))
}
