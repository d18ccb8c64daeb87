package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	in := "hi\x1b[31m there\x1b[0m\r\nline2\x1b[4;3H*"
	in2 := "hi\x1b[31m there\x1b[0m\r\nline2\r\n  *"
	cases := []struct {
		name, in string
		cmd      RenderCmd
		want     string
	}{
		{"plain", in, RenderCmd{Size: "20x4"}, "hi there\nline2\n\n  *\n"},
		{"cursor", in, RenderCmd{Size: "20x4", Cursor: true}, "hi there\nline2\n\n  *\ncursor 3 3\n"},
		{"ansi", in2, RenderCmd{Size: "20x2", ANSI: true}, "line2\n  *\n"},
		{"scrollback", in2, RenderCmd{Size: "20x2", Scrollback: true}, "hi there\nline2\n  *\n"},
		// History stores a plain blank in the neighbouring run's style (it looks the same).
		{"ansi scrollback", in2, RenderCmd{Size: "20x2", ANSI: true, Scrollback: true},
			"hi \x1b[0;31mthere\x1b[0m\nline2\n  *\n"},
		{"ansi screen", in, RenderCmd{Size: "20x1", ANSI: true}, "li*e2\n"},
	}
	for _, c := range cases {
		var out strings.Builder
		c.cmd.File = "-"
		if err := c.cmd.render(strings.NewReader(c.in), &out); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if out.String() != c.want {
			t.Errorf("%s: got %q, want %q", c.name, out.String(), c.want)
		}
	}
	// From a file.
	path := filepath.Join(t.TempDir(), "raw")
	if err := os.WriteFile(path, []byte("abc\x1b[2D!"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := (&RenderCmd{Size: "10x1", File: path, Cursor: true}).render(nil, &out); err != nil {
		t.Fatal(err)
	}
	if out.String() != "a!c\ncursor 2 0\n" {
		t.Errorf("file: got %q", out.String())
	}
}

func TestRenderBadInput(t *testing.T) {
	for _, size := range []string{"", "80", "80x", "x24", "0x24", "80x0", "abcxdef", "-1x5", "100000x24"} {
		err := (&RenderCmd{Size: size, File: "-"}).render(strings.NewReader(""), &strings.Builder{})
		if err == nil || !strings.Contains(err.Error(), "bad --size") || strings.Contains(err.Error(), "\n") {
			t.Errorf("size %q: error %v", size, err)
		}
	}
	err := (&RenderCmd{Size: "80x24", File: filepath.Join(t.TempDir(), "missing")}).render(nil, &strings.Builder{})
	if err == nil || !strings.HasPrefix(err.Error(), "render: ") {
		t.Errorf("missing file: %v", err)
	}
}
