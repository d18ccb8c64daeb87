package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/podmux/podmux/keymap"
	"github.com/podmux/podmux/ui/styles"
)

// overlay is a modal box drawn over the screen that takes every key while open.
type overlay interface {
	// key handles a key; it returns whether the overlay is done (closes) and a command.
	key(m *Model, k tea.KeyPressMsg) (done bool, cmd tea.Cmd)
	// view draws the box content (without the frame) for a screen of w×h.
	view(st *styles.Styles, w, h int) (title, body string)
}

// confirm asks a yes/no question.
type confirm struct {
	question string
	yes      func(m *Model) tea.Cmd
}

func newConfirm(q string, yes func(m *Model) tea.Cmd) *confirm {
	return &confirm{question: q, yes: yes}
}

func (c *confirm) key(m *Model, k tea.KeyPressMsg) (bool, tea.Cmd) {
	switch {
	case key.Matches(k, m.km.Dialog.Confirm):
		return true, c.yes(m)
	case key.Matches(k, m.km.Dialog.Cancel):
		return true, nil
	}
	return false, nil
}

func (c *confirm) view(st *styles.Styles, w, h int) (string, string) {
	return "Confirm", c.question + "\n\n" + st.Dim.Render("y yes · n no")
}

// chooser picks one item of a list, with a filter typed directly.
type chooser struct {
	title  string
	items  []string
	cursor int
	filter string
	choose func(m *Model, index int, item string) tea.Cmd
	// alt, when set, is what tab does with the selected item; hint names both actions.
	alt  func(m *Model, index int, item string) tea.Cmd
	hint string
}

func newChooser(title string, items []string, choose func(m *Model, index int, item string) tea.Cmd) *chooser {
	return &chooser{title: title, items: items, choose: choose}
}

// visible returns the indexes of items passing the filter.
func (c *chooser) visible() []int {
	var out []int
	for i, it := range c.items {
		if c.filter == "" || containsFold(it, c.filter) {
			out = append(out, i)
		}
	}
	return out
}

func (c *chooser) key(m *Model, k tea.KeyPressMsg) (bool, tea.Cmd) {
	vis := c.visible()
	switch k.String() {
	case "esc":
		if c.filter != "" {
			c.filter, c.cursor = "", 0
			return false, nil
		}
		return true, nil
	case "ctrl+c":
		return true, nil
	case "up", "ctrl+p":
		c.cursor = max(c.cursor-1, 0)
	case "down", "ctrl+n":
		c.cursor = min(c.cursor+1, max(len(vis)-1, 0))
	case "enter":
		if c.cursor < len(vis) {
			i := vis[c.cursor]
			return true, c.choose(m, i, c.items[i])
		}
	case "tab":
		if c.alt != nil && c.cursor < len(vis) {
			i := vis[c.cursor]
			return true, c.alt(m, i, c.items[i])
		}
	case "backspace":
		if c.filter != "" {
			c.filter = c.filter[:len(c.filter)-1]
			c.cursor = 0
		}
	default:
		if t := k.Key().Text; t != "" && k.Key().Mod == 0 {
			// digits jump straight to an item when there is no filter
			if c.filter == "" && c.alt == nil && len(t) == 1 && t[0] >= '0' && t[0] <= '9' && int(t[0]-'0') < len(c.items) {
				i := int(t[0] - '0')
				return true, c.choose(m, i, c.items[i])
			}
			c.filter += t
			c.cursor = 0
		}
	}
	return false, nil
}

func (c *chooser) view(st *styles.Styles, w, h int) (string, string) {
	var b strings.Builder
	if c.filter != "" {
		b.WriteString(st.Marked.Render("filter: "+c.filter) + "\n")
	}
	vis := c.visible()
	maxRows := max(h-8, 3)
	top := scrollTop(c.cursor, len(vis), maxRows)
	for n, i := range vis {
		if n < top || n >= top+maxRows {
			continue
		}
		line := " " + c.items[i] + " "
		if len(c.items) <= 10 {
			line = " " + itoa(i) + " " + c.items[i] + " "
		}
		if n == c.cursor {
			line = st.Selected.Render(line)
		}
		b.WriteString(line + "\n")
	}
	if len(vis) == 0 {
		b.WriteString(st.Dim.Render(" no match") + "\n")
	}
	hint := c.hint
	if hint == "" {
		hint = "↑/↓ move · enter choose · type to filter · esc close"
	}
	b.WriteString(st.Dim.Render(hint))
	return c.title, b.String()
}

// helpOverlay shows every binding, generated from the keymap; `a` switches between what each
// binding does and its action name (the name ui.keys in the config file takes).
type helpOverlay struct {
	km    keymap.KeyMap
	names bool
}

func (h *helpOverlay) key(m *Model, k tea.KeyPressMsg) (bool, tea.Cmd) {
	switch k.String() {
	case "esc", "q", "?", "enter", "ctrl+c":
		return true, nil
	case "a":
		h.names = !h.names
	}
	return false, nil
}

func (h *helpOverlay) view(st *styles.Styles, w, hh int) (string, string) {
	if h.names {
		return "Help: action names (config ui.keys)", helpText(st, h.km, w, true)
	}
	return "Help", helpText(st, h.km, w, false)
}

// drawOverlay composes the overlay box centred over base (h lines of w cells).
func drawOverlay(st *styles.Styles, o overlay, base string, w, h int) string {
	title, body := o.view(st, w, h)
	content := st.OverlayTitle.Render(title) + "\n" + body
	box := st.Overlay.MaxWidth(w).MaxHeight(h).Render(content)
	bw, bh := lipgloss.Width(box), lipgloss.Height(box)
	x, y := max((w-bw)/2, 0), max((h-bh)/2, 0)
	c := lipgloss.NewCanvas(w, h)
	c.Compose(lipgloss.NewCompositor(lipgloss.NewLayer(base), lipgloss.NewLayer(box).X(x).Y(y).Z(1)))
	return c.Render()
}
