package term

import (
	"slices"
	"testing"
)

// FuzzWrite asserts Write never panics, keeps the screen's invariants and gives the same screen
// whether the input arrives whole or split in two.
func FuzzWrite(f *testing.F) {
	seeds := []string{
		"hello\r\nworld",
		"\x1b[1;30r\x1bM",
		"\x1b[2147483646Z",
		"x\x1b[10000000b",
		"\x1b[31;1mred\x1b[0m\x1b[38:2::1:2:3mrgb",
		"日本語 e\u0301 👩\u200d💻 🇩🇪 ❤\ufe0f",
		"\x1b[?1049h\x1b[2Jalt\x1b[?1049l",
		"\x1b]0;title\x07\x1b]8;;http://x\x1b\\l\x1b]8;;\x1b\\",
		"\x1b(0lqqk\x1b(B",
		"\x1b[4h\x1b[2@ab\x1b[4l\x1b[3P",
		"abc\x1b[2;5r\x1b[5S\x1b[3T\x1b[?6h\x1b[H\x1b[6n",
		"\xe4\xb8\xad\xff\xc0",
		"\x1b[?69h\x1b[3;6sabc日本\x1b[5S\x1b[2@\x1b[L\x1b[3P\x1b[2T\x1b[?6h\x1b[1;1Hx\x1bM",
	}
	for i, s := range seeds {
		f.Add([]byte(s), uint16(i*3), uint8(10+i), uint8(3+i%5))
	}
	f.Fuzz(func(t *testing.T, data []byte, split uint16, cols, rows uint8) {
		c, r := int(cols%120)+1, int(rows%40)+1
		whole := New(c, r, WithScrollback(50, 0))
		whole.Write(data)
		checkInvariants(t, "whole", whole)
		s := int(split) % (len(data) + 1)
		parts := New(c, r, WithScrollback(50, 0))
		parts.Write(data[:s])
		parts.Write(data[s:])
		checkInvariants(t, "split", parts)
		if a, b := whole.ScreenText(), parts.ScreenText(); !slices.Equal(a, b) {
			t.Fatalf("split at %d differs:\nwhole %q\nsplit %q", s, a, b)
		}
		if whole.Cursor() != parts.Cursor() {
			t.Fatalf("split at %d: cursor %+v vs %+v", s, whole.Cursor(), parts.Cursor())
		}
		whole.Resize(int(rows%90)+1, int(cols%30)+1)
		checkInvariants(t, "resized", whole)
	})
}
