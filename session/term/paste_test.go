package term

import (
	"strings"
	"testing"
)

func TestEncodePaste(t *testing.T) {
	plain := Modes{}
	bracketed := Modes{BracketedPaste: true}
	cases := []struct {
		name string
		text string
		m    Modes
		want string
	}{
		{"plain text", "echo hi", plain, "echo hi"},
		{"plain LF becomes CR", "a\nb\n", plain, "a\rb\r"},
		{"plain CRLF becomes one CR", "a\r\nb\r\n", plain, "a\rb\r"},
		{"plain lone CR kept", "a\rb", plain, "a\rb"},
		{"plain utf8 kept", "héllo 語\n", plain, "héllo 語\r"},
		{"plain empty", "", plain, ""},
		{"plain delimiters stripped", "a\x1b[201~b\x1b[200~c", plain, "abc"},
		{"bracketed wraps", "echo hi", bracketed, "\x1b[200~echo hi\x1b[201~"},
		{"bracketed newlines", "ls\nrm -rf x\n", bracketed, "\x1b[200~ls\rrm -rf x\r\x1b[201~"},
		{"bracketed empty", "", bracketed, ""},
		{"break-out attempt", "x\x1b[201~; rm -rf ~\n", bracketed, "\x1b[200~x; rm -rf ~\r\x1b[201~"},
		{"nested start", "\x1b[200~inner", bracketed, "\x1b[200~inner\x1b[201~"},
		{"delimiter rebuilt by stripping", "a\x1b[20\x1b[201~1~rm\n", bracketed, "\x1b[200~arm\r\x1b[201~"},
		{"delimiter nested twice", "\x1b[2\x1b[20\x1b[200~1~01~", bracketed, "\x1b[200~\x1b[201~"},
		{"other escapes kept", "\x1b[31mred\x1b[0m", bracketed, "\x1b[200~\x1b[31mred\x1b[0m\x1b[201~"},
		{"only a delimiter", "\x1b[201~", bracketed, "\x1b[200~\x1b[201~"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := string(EncodePaste(tc.text, tc.m))
			if got != tc.want {
				t.Errorf("EncodePaste(%q) = %q, want %q", tc.text, got, tc.want)
			}
			if tc.m.BracketedPaste && got != "" {
				inner := strings.TrimSuffix(strings.TrimPrefix(got, pasteStart), pasteEnd)
				if strings.Contains(inner, pasteEnd) || strings.Contains(inner, pasteStart) {
					t.Errorf("pasted body %q still holds a delimiter", inner)
				}
			}
		})
	}
}

// FuzzEncodePaste checks no input can put a delimiter inside the bracketed body.
func FuzzEncodePaste(f *testing.F) {
	for _, s := range []string{"", "a\nb", "\x1b[201~", "\x1b[20\x1b[201~1~", "\x1b[2\x1b[20\x1b[200~1~01~"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := string(EncodePaste(s, Modes{BracketedPaste: true}))
		if s == "" {
			if got != "" {
				t.Fatalf("empty paste gave %q", got)
			}
			return
		}
		if !strings.HasPrefix(got, pasteStart) || !strings.HasSuffix(got, pasteEnd) {
			t.Fatalf("not bracketed: %q", got)
		}
		inner := got[len(pasteStart) : len(got)-len(pasteEnd)]
		if strings.Contains(inner, pasteEnd) || strings.Contains(inner, pasteStart) || strings.Contains(inner, "\n") {
			t.Fatalf("body %q holds a delimiter or LF", inner)
		}
	})
}
