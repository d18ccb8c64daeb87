package main

import (
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/podmux/podmux/session/term"
)

// Keys as a terminal sends them.
const (
	ctrlB = "\x02" // podmux's prefix
	enter = "\r"
	tab   = "\t"
	esc   = "\x1b"
	up    = "\x1b[A"
	down  = "\x1b[B"
	right = "\x1b[C"
	left  = "\x1b[D"
)

// scenes drives podmux through the screens the pictures show.
type scenes struct {
	*driver
	r       *renderer
	out     string // directory for the PNGs
	root    string // repository root
	written []string
}

// shot waits for the screen to settle and writes it as out/name.
func (s *scenes) shot(name string) {
	s.settle(250*time.Millisecond, 8*time.Second)
	if s.err != nil {
		return
	}
	img := s.r.render(s.snapshot())
	path := filepath.Join(s.out, name)
	f, err := os.Create(path)
	if err != nil {
		s.err = err
		return
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(f, img); err != nil {
		_ = f.Close()
		s.err = fmt.Errorf("encoding %s: %w", path, err)
		return
	}
	if err := f.Close(); err != nil {
		s.err = err
		return
	}
	s.written = append(s.written, path)
	fmt.Printf("%s (%dx%d)\n", path, img.Bounds().Dx(), img.Bounds().Dy())
}

// namespacesFocused reports whether the browser's namespace list has the focus: its title is
// drawn bold when focused.
func (s *scenes) namespacesFocused() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	lines := s.term.ScreenText()
	for y, l := range lines {
		if i := strings.Index(l, "namespaces ("); i >= 0 {
			x := len([]rune(l[:i]))
			return s.term.Style(s.term.Cell(x, y).Style).Attrs&term.AttrBold != 0
		}
	}
	return false
}

// focusNamespaces puts the browser's focus on the namespace list (want) or the pod list.
func (s *scenes) focusNamespaces(want bool) {
	if s.err != nil || s.namespacesFocused() == want {
		return
	}
	s.send(tab)
	s.waitFor("the browser focus to switch lists", func([]string) bool { return s.namespacesFocused() == want })
}

// pick selects pod in namespace ns in the browser (plain or pick mode) and opens it, choosing
// container when podmux asks which one.
func (s *scenes) pick(ns, pod, container string) {
	s.waitText("pods in ")
	s.focusNamespaces(true)
	s.send("/" + ns + enter)
	s.waitText("pods in " + ns + " (")
	s.focusNamespaces(false)
	s.send("/" + pod)
	s.waitText("/" + pod)
	s.send(enter)
	s.waitFor("the pod filter to close", func(l []string) bool {
		return strings.Contains(strings.Join(l, "\n"), pod) && !strings.Contains(strings.Join(l, "\n"), "/"+pod+"▏")
	})
	s.send(enter)
	if container != "" {
		s.waitText("container in " + pod)
		s.send(container + enter)
	}
	s.waitFor("the pane of "+ns+"/"+pod, func(l []string) bool {
		return strings.Contains(strings.Join(l, "\n"), "─ "+ns+"/"+pod)
	})
}

// prompt gives the focused pane's shell a short coloured prompt naming the pod, clears it and
// waits for it.
func (s *scenes) prompt(pod string) {
	s.waitFor("the shell in "+pod+" to prompt", func([]string) bool { return s.cursorAfterPrompt() })
	s.line(`PS1='\[\e[1;32m\]\u@$CCI_POD\[\e[0m\]:\[\e[1;34m\]\w\[\e[0m\]\$ '; clear`)
	s.waitFor("the new prompt in "+pod, func(l []string) bool {
		all := strings.Join(l, "\n")
		return strings.Contains(all, "@"+pod+":~") && !strings.Contains(all, "PS1=")
	})
}

// cursorAfterPrompt reports whether the cursor follows a shell prompt ("# " or "$ ").
func (s *scenes) cursorAfterPrompt() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.term.Cursor()
	row := []rune(s.term.ScreenText()[c.Y])
	if c.X < 2 || c.X > len(row) {
		return false
	}
	before := strings.TrimRight(string(row[:c.X]), " ")
	return strings.HasSuffix(before, "#") || strings.HasSuffix(before, "$")
}

// run types a command line in the focused pane and waits for marker on the screen.
func (s *scenes) run(cmd, marker string) {
	s.waitFor("a prompt before "+cmd, func([]string) bool { return s.cursorAfterPrompt() })
	s.line(cmd)
	s.waitText(marker)
}

// countOnRow counts occurrences of sub on any screen row, maximised over rows.
func countOnRow(lines []string, sub string) int {
	n := 0
	for _, l := range lines {
		n = max(n, strings.Count(l, sub))
	}
	return n
}

// panes counts pane top-left corners on the screen.
func panes(lines []string) int { return strings.Count(strings.Join(lines, "\n"), "╭─ ") }
