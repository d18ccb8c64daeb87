package record

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
	"unicode/utf8"
)

// appendJSONStringSimple is the byte-at-a-time encoder appendJSONString must agree with.
func appendJSONStringSimple(dst []byte, s []byte) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c == '\n':
			dst = append(dst, `\n`...)
		case c == '\r':
			dst = append(dst, `\r`...)
		case c == '\t':
			dst = append(dst, `\t`...)
		case c < 0x20:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		case c < utf8.RuneSelf:
			dst = append(dst, c)
		default:
			r, size := utf8.DecodeRune(s[i:])
			if r == utf8.RuneError && size == 1 {
				dst = append(dst, `\ufffd`...)
			} else {
				dst = append(dst, s[i:i+size]...)
			}
			i += size
			continue
		}
		i++
	}
	return append(dst, '"')
}

func checkJSONString(t *testing.T, s []byte) {
	t.Helper()
	got := appendJSONString(nil, s)
	want := appendJSONStringSimple(nil, s)
	if string(got) != string(want) {
		t.Fatalf("appendJSONString(%q)\n got %s\nwant %s", s, got, want)
	}
	for _, e := range bodyEncoders() {
		if got := append(e.f([]byte{'"'}, s), '"'); string(got) != string(want) {
			t.Fatalf("%s encoder(%q)\n got %s\nwant %s", e.name, s, got, want)
		}
	}
	var back string
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatalf("appendJSONString(%q) = %s, not a JSON string: %v", s, got, err)
	}
	if utf8.Valid(s) && back != string(s) {
		t.Fatalf("appendJSONString(%q) decodes to %q", s, back)
	}
}

// TestAppendJSONStringMatchesSimpleEncoder: the word-at-a-time encoders (the build's, SSE2 on
// amd64, and the portable one) write exactly what the byte-at-a-time one does, for every byte
// value at every offset of a 16-byte block and for random mixes of text, escapes and invalid
// UTF-8.
func TestAppendJSONStringMatchesSimpleEncoder(t *testing.T) {
	for c := range 256 {
		for off := range 40 {
			s := []byte("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")[:40]
			s[off] = byte(c)
			checkJSONString(t, s)
			checkJSONString(t, s[:off])
			checkJSONString(t, s[off:])
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		checkJSONString(t, sampleOutput(rng.IntN(300), rng))
	}
}

func FuzzAppendJSONString(f *testing.F) {
	f.Add([]byte("plain text \x1b[32mgreen\x1b[m \"q\" \\ é \xff\xe2\x82"))
	f.Fuzz(func(t *testing.T, s []byte) { checkJSONString(t, s) })
}

// BenchmarkAppendJSONStringSimple is the byte-at-a-time reference, for comparison with
// BenchmarkAppendEvent.
func BenchmarkAppendJSONStringSimple(b *testing.B) {
	data := asciiLog()[:32<<10]
	b.SetBytes(int64(len(data)))
	var buf []byte
	for b.Loop() {
		buf = appendJSONStringSimple(buf[:0], data)
	}
}

// utf8Soup is random bytes biased towards what makes UTF-8 decoding interesting: lead bytes of
// every length, continuation bytes, ASCII and JSON specials, in valid and broken sequences.
func utf8Soup(n int, rng *rand.Rand) []byte {
	pieces := [][]byte{[]byte("a"), []byte("\x1b[m"), []byte("\r\n"), []byte("\""), []byte("é"), []byte("語"),
		[]byte("😀"), {0x80}, {0xbf}, {0xc2}, {0xe2}, {0xe2, 0x82}, {0xf0}, {0xf0, 0x9f}, {0xf0, 0x9f, 0x98},
		{0xed, 0xa0, 0x80}, {0xc0, 0xaf}, {0xff}, {0xf4, 0x90, 0x80, 0x80}}
	var b []byte
	for len(b) < n {
		b = append(b, pieces[rng.IntN(len(pieces))]...)
	}
	return b
}

// TestJoinedBodyMatchesWholeString: encoding an incomplete sequence held back from one chunk
// joined with the next chunk (appendJSONBodyJoined), or splitting at the recorder's cuts, gives
// the bytes of encoding the joined input at once.
func TestJoinedBodyMatchesWholeString(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	for range 20000 {
		s := utf8Soup(rng.IntN(12), rng)
		h := rng.IntN(min(len(s), utf8.UTFMax-1) + 1)
		head, rest := s[:h], s[h:]
		if h > 0 && (!utf8.RuneStart(head[0]) || incompleteTail(head) != h) {
			continue // not a held-back tail
		}
		want := appendJSONStringSimple(nil, s)
		got := append(appendJSONBodyJoined([]byte{'"'}, head, rest), '"')
		if string(got) != string(want) {
			t.Fatalf("head %q + %q:\n got %s\nwant %s", head, rest, got, want)
		}
	}
	for range 2000 {
		s := utf8Soup(8+rng.IntN(40), rng)
		cut := runeStartAtOrBefore(s, 1+rng.IntN(len(s)-1))
		got := appendJSONBody(appendJSONBody([]byte{'"'}, s[:cut]), s[cut:])
		if want := appendJSONStringSimple(nil, s); string(append(got, '"')) != string(want) {
			t.Fatalf("%q cut at %d: got %s want %s", s, cut, got, want)
		}
	}
}

type bodyEncoder struct {
	name string
	f    func(dst, s []byte) []byte
}
