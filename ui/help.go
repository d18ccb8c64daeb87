package ui

import (
	"strings"

	"github.com/podmux/podmux/keymap"
	"github.com/podmux/podmux/ui/styles"
)

// helpText renders the help overlay's body from the bindings: one block per mode, laid out in
// as many columns as the screen width allows. With names, each row shows the action name the
// config file's ui.keys takes instead of the description.
func helpText(st *styles.Styles, km keymap.KeyMap, w int, names bool) string {
	var blocks [][]string
	for _, sec := range keymap.Help(km) {
		if sec.Mode == "dialog" {
			continue
		}
		b := []string{st.OverlayTitle.Render(sec.Title)}
		for _, r := range sec.Rows {
			desc := r.Desc
			if names {
				desc = actionNames(r.Actions)
			}
			b = append(b, st.StatusKey.UnsetBackground().Render(fitPlain(r.Keys, 11))+" "+desc)
		}
		blocks = append(blocks, b)
	}
	// global and browser share the first column
	if len(blocks) > 1 {
		blocks[0] = append(append(blocks[0], ""), blocks[1]...)
		blocks = append(blocks[:1], blocks[2:]...)
	}
	widths := make([]int, len(blocks))
	total := 0
	for i, b := range blocks {
		for _, l := range b {
			widths[i] = max(widths[i], lipglossWidth(l))
		}
		total += widths[i] + 3
	}
	var cols [][]string
	if total <= w-4 {
		cols = blocks
	} else if three, tw := balanceColumns(blocks); tw <= w-4 {
		cols, widths = three, helpColumnWidths(three)
	} else {
		// stack blocks into two columns
		cols = [][]string{blocks[0], nil}
		for _, b := range blocks[1:] {
			cols[1] = append(append(cols[1], b...), "")
		}
		widths = []int{widths[0], 0}
		for _, l := range cols[1] {
			widths[1] = max(widths[1], lipglossWidth(l))
		}
	}
	rows := 0
	for _, c := range cols {
		rows = max(rows, len(c))
	}
	out := make([]string, rows)
	for r := range out {
		var line strings.Builder
		for i, c := range cols {
			cell := ""
			if r < len(c) {
				cell = c[r]
			}
			if i < len(cols)-1 {
				cell = fit(cell, widths[i]) + "   "
			}
			line.WriteString(cell)
		}
		out[r] = line.String()
	}
	footer := "a: action names, to rebind in the config (ui.keys) · esc or ? closes"
	if names {
		footer = "config: ui: keys: {action: [keys]} · a: descriptions · esc or ? closes"
	}
	return strings.Join(out, "\n") + "\n" + st.Dim.Render(footer)
}

// actionNames shows a help row's actions: one name, or the merged tab row as prefix.tab_0…9.
func actionNames(a []string) string {
	if len(a) > 1 {
		return a[0] + "…" + a[len(a)-1][strings.LastIndexByte(a[len(a)-1], '_')+1:]
	}
	if len(a) == 1 {
		return a[0]
	}
	return ""
}

// balanceColumns stacks blocks into three columns: the first block, then the others each on
// the shorter of two more columns. It returns them and their total width with gaps.
func balanceColumns(blocks [][]string) ([][]string, int) {
	cols := [][]string{blocks[0], nil, nil}
	for _, b := range blocks[1:] {
		i := 1
		if len(cols[2]) < len(cols[1]) {
			i = 2
		}
		cols[i] = append(append(cols[i], b...), "")
	}
	total := 0
	for _, w := range helpColumnWidths(cols) {
		total += w + 3
	}
	return cols, total
}

func helpColumnWidths(cols [][]string) []int {
	ws := make([]int, len(cols))
	for i, c := range cols {
		for _, l := range c {
			ws[i] = max(ws[i], lipglossWidth(l))
		}
	}
	return ws
}
