package cli

import (
	"bytes"
	"strings"
	"testing"
)

// TestAppendONLCRAnySplit: converting a stream in pieces, carrying whether the last piece ended
// with "\r", equals converting it whole, and the whole conversion turns exactly the bare "\n"s
// into "\r\n".
func TestAppendONLCRAnySplit(t *testing.T) {
	in := "\na\nb\r\n\r\rc\n\n\r\nd\re"
	want := "\r\na\r\nb\r\n\r\rc\r\n\r\n\r\nd\re"
	if got := string(appendONLCR(nil, []byte(in), false)); got != want {
		t.Fatalf("whole: %q, want %q", got, want)
	}
	if got := string(appendONLCR(nil, []byte("\n"), true)); got != "\n" {
		t.Fatalf("after a carried CR: %q", got)
	}
	for i := 0; i <= len(in); i++ {
		for j := i; j <= len(in); j++ {
			var out []byte
			prev := false
			for _, part := range []string{in[:i], in[i:j], in[j:]} {
				out = appendONLCR(out, []byte(part), prev)
				if part != "" {
					prev = strings.HasSuffix(part, "\r")
				}
			}
			if !bytes.Equal(out, []byte(want)) {
				t.Fatalf("split %d,%d: %q, want %q", i, j, out, want)
			}
		}
	}
}
