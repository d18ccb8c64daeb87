package ui

import (
	"strings"

	"github.com/podmux/podmux/keymap"
	"github.com/podmux/podmux/ui/styles"
)

// helpText renders the help overlay's body from the bindings, in two columns of sections.
func helpText(st *styles.Styles, km keymap.KeyMap) string {
	var cols [2][]string
	for i, sec := range keymap.Help(km) {
		if sec.Mode == "dialog" {
			continue
		}
		var b []string
		b = append(b, st.OverlayTitle.Render(sec.Title))
		for _, r := range sec.Rows {
			b = append(b, st.StatusKey.UnsetBackground().Render(fitPlain(r.Keys, 16))+" "+r.Desc)
		}
		b = append(b, "")
		c := 0
		if i >= 2 {
			c = 1
		}
		cols[c] = append(cols[c], b...)
	}
	w := 0
	for _, l := range cols[0] {
		w = max(w, lipglossWidth(l))
	}
	var out []string
	for i := 0; i < max(len(cols[0]), len(cols[1])); i++ {
		var l, r string
		if i < len(cols[0]) {
			l = cols[0][i]
		}
		if i < len(cols[1]) {
			r = cols[1][i]
		}
		out = append(out, fit(l, w)+"   "+r)
	}
	return strings.Join(out, "\n") + "\n" + st.Dim.Render("esc or ? closes")
}
