package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// fit truncates or pads a styled string to exactly w cells.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := ansi.StringWidth(s)
	if sw > w {
		s = ansi.Truncate(s, w, "…")
		sw = ansi.StringWidth(s)
	}
	if sw < w {
		s += strings.Repeat(" ", w-sw)
	}
	return s
}

// fitPlain truncates or pads plain text (no escapes) to exactly w cells.
func fitPlain(s string, w int) string { return fit(s, w) }

// blankLines returns n lines of w spaces.
func blankLines(n, w int) []string {
	out := make([]string, n)
	sp := strings.Repeat(" ", max(w, 0))
	for i := range out {
		out[i] = sp
	}
	return out
}

// lipglossWidth is the cell width of a styled string.
func lipglossWidth(s string) int { return ansi.StringWidth(s) }
