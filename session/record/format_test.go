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
	if want := appendJSONStringSimple(nil, s); string(got) != string(want) {
		t.Fatalf("appendJSONString(%q)\n got %s\nwant %s", s, got, want)
	}
	var back string
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatalf("appendJSONString(%q) = %s, not a JSON string: %v", s, got, err)
	}
	if utf8.Valid(s) && back != string(s) {
		t.Fatalf("appendJSONString(%q) decodes to %q", s, back)
	}
}

// TestAppendJSONStringMatchesSimpleEncoder: the eight-bytes-at-a-time encoder writes exactly what
// the byte-at-a-time one does, for every byte value at every offset of a word and for random
// mixes of text, escapes and invalid UTF-8.
func TestAppendJSONStringMatchesSimpleEncoder(t *testing.T) {
	for c := range 256 {
		for off := range 17 {
			s := []byte("abcdefghijklmnopqrstuvwxyz")[:17]
			s[off%len(s)] = byte(c)
			checkJSONString(t, s)
			checkJSONString(t, s[:off])
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
