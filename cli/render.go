package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/podmux/podmux/session/term"
)

// RenderCmd feeds raw terminal output through podmux's engine and prints the final screen.
type RenderCmd struct {
	Size       string `required:"" help:"Screen size as COLSxROWS, e.g. 80x24."`
	ANSI       bool   `name:"ansi" help:"Keep colours and attributes as SGR sequences."`
	Scrollback bool   `help:"Print the scrollback history before the screen."`
	Cursor     bool   `help:"Append a final line \"cursor X Y\" (0-based)."`
	File       string `arg:"" optional:"" default:"-" help:"Input file of raw output ('-' for stdin)."`
}

// parseSize parses COLSxROWS with both in 1..term.MaxCols / 1..term.MaxRows.
func parseSize(s string) (cols, rows int, err error) {
	c, r, ok := strings.Cut(strings.ToLower(s), "x")
	cols, err1 := strconv.Atoi(c)
	rows, err2 := strconv.Atoi(r)
	if !ok || err1 != nil || err2 != nil || cols < 1 || rows < 1 || cols > term.MaxCols || rows > term.MaxRows {
		return 0, 0, fmt.Errorf("render: bad --size %q: want COLSxROWS with 1..%d columns and 1..%d rows, e.g. 80x24",
			s, term.MaxCols, term.MaxRows)
	}
	return cols, rows, nil
}

// Run renders the input and prints one line per row, trailing spaces trimmed.
func (c *RenderCmd) Run(g *Globals) error { return c.render(os.Stdin, os.Stdout) }

// render reads raw output from the file (or stdin) and writes the screen to stdout.
func (c *RenderCmd) render(stdin io.Reader, stdout io.Writer) error {
	cols, rows, err := parseSize(c.Size)
	if err != nil {
		return err
	}
	in := stdin
	if c.File != "-" {
		f, err := os.Open(c.File)
		if err != nil {
			return fmt.Errorf("render: %v", err)
		}
		defer f.Close()
		in = f
	}
	t := term.New(cols, rows)
	if _, err := io.CopyBuffer(t, in, make([]byte, 32<<10)); err != nil {
		return fmt.Errorf("render: reading input: %v", err)
	}
	w := bufio.NewWriter(stdout)
	var buf []byte
	line := func(b []byte) {
		w.Write(trimRightSpaces(b))
		w.WriteByte('\n')
	}
	if c.Scrollback {
		for i := range t.ScrollbackLen() {
			if c.ANSI {
				buf = t.AppendScrollbackANSI(buf[:0], i)
			} else {
				buf = append(buf[:0], t.ScrollbackText(i)...)
			}
			line(buf)
		}
	}
	if c.ANSI {
		for y := range rows {
			buf = t.AppendRowANSI(buf[:0], y)
			line(buf)
		}
	} else {
		for _, s := range t.ScreenText() {
			line([]byte(s))
		}
	}
	if c.Cursor {
		cur := t.Cursor()
		fmt.Fprintf(w, "cursor %d %d\n", cur.X, cur.Y)
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("render: writing output: %v", err)
	}
	return nil
}

func trimRightSpaces(b []byte) []byte {
	for len(b) > 0 && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	return b
}
