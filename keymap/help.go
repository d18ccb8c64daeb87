package keymap

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
)

// HelpSection is one mode's part of the help overlay.
type HelpSection struct {
	Mode  string // "global", "browser", "prefix", "scroll", "dialog", "log"
	Title string
	Rows  []HelpRow
}

// HelpRow is one line of help: the keys as shown (see Label), what they do,
// and the action names the row stands for (several for the merged tab row).
type HelpRow struct {
	Keys    string
	Desc    string
	Actions []string
}

// Help is the full help generated from km, one section per mode in the order
// global, browser, prefix, scroll, dialog, rows in action order. Disabled
// actions are left out. The prefix section's title names the current prefix.
// When prefix.tab_0…prefix.tab_9 each have exactly one key they share one
// row, e.g. "0…9  go to tab N".
func Help(km KeyMap) []HelpSection {
	out := make([]HelpSection, 0, len(modes))
	for _, m := range modes {
		s := HelpSection{Mode: m.name, Title: m.title}
		if m.name == "prefix" {
			s.Title = fmt.Sprintf("After the prefix (%s)", Label(km.Global.Prefix.Keys()))
		}
		tabsDone := false
		for _, a := range actions {
			if a.mode() != m.name {
				continue
			}
			if strings.HasPrefix(a.name, "prefix.tab_") {
				if row, ok := tabRow(km); ok {
					if !tabsDone {
						s.Rows = append(s.Rows, row)
						tabsDone = true
					}
					continue
				}
			}
			b := a.binding(&km)
			if !b.Enabled() {
				continue
			}
			s.Rows = append(s.Rows, HelpRow{Keys: b.Help().Key, Desc: b.Help().Desc, Actions: []string{a.name}})
		}
		out = append(out, s)
	}
	return out
}

// tabRow merges the ten go-to-tab actions into one row when each has one key.
func tabRow(km KeyMap) (HelpRow, bool) {
	row := HelpRow{Desc: "go to tab N"}
	for i, b := range km.Prefix.Tab {
		if !b.Enabled() || len(b.Keys()) != 1 {
			return HelpRow{}, false
		}
		row.Actions = append(row.Actions, fmt.Sprintf("prefix.tab_%d", i))
	}
	row.Keys = km.Prefix.Tab[0].Keys()[0] + "…" + km.Prefix.Tab[9].Keys()[0]
	return row, true
}

// ShellKeys lists every key podmux takes from a focused shell pane: the keys
// of the Global group. Everything else reaches the remote program.
func (km KeyMap) ShellKeys() []string {
	return append(append([]string(nil), km.Global.Prefix.Keys()...), km.Global.ScrollUp.Keys()...)
}

var (
	_ help.KeyMap = Global{}
	_ help.KeyMap = Browser{}
	_ help.KeyMap = Prefix{}
	_ help.KeyMap = Scroll{}
	_ help.KeyMap = Dialog{}
	_ help.KeyMap = Log{}
	_ help.KeyMap = Results{}
)

// ShortHelp is the status-bar hint in a results view.
func (r Results) ShortHelp() []key.Binding {
	return []key.Binding{r.Group, r.Diff, r.Open, r.Shell, r.Rerun, r.RerunFailed, r.Export, r.Cancel, r.Close}
}

// FullHelp is the results view's bindings in columns: moving, reading and acting.
func (r Results) FullHelp() [][]key.Binding {
	return [][]key.Binding{{r.Up, r.Down, r.PageUp, r.PageDown}, {r.Group, r.Diff, r.Open, r.Shell}, {r.Rerun, r.RerunFailed, r.Export, r.Cancel, r.Close}}
}

// ShortHelp is the status-bar hint while a log pane has focus.
func (l Log) ShortHelp() []key.Binding {
	return []key.Binding{l.JSON, l.Include, l.Exclude, l.Timestamps, l.Wrap, l.Previous, l.Search}
}

// FullHelp is the log pane's bindings in columns: rendering, filters and the rest.
func (l Log) FullHelp() [][]key.Binding {
	return [][]key.Binding{{l.JSON, l.Timestamps, l.Wrap}, {l.Include, l.Exclude}, {l.Previous, l.Search, l.Scroll}}
}

// ShortHelp is the status-bar hint while a shell pane has focus.
func (g Global) ShortHelp() []key.Binding { return []key.Binding{g.Prefix, g.ScrollUp} }

// FullHelp is the Global group as one column.
func (g Global) FullHelp() [][]key.Binding { return [][]key.Binding{{g.Prefix, g.ScrollUp}} }

// ShortHelp is the status-bar hint in the browser.
func (b Browser) ShortHelp() []key.Binding {
	return []key.Binding{b.Open, b.Shell, b.Mark, b.ShellMarked, b.Filter, b.Help, b.Quit}
}

// FullHelp is the browser's bindings in columns: movement, actions, the rest.
func (b Browser) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{b.Up, b.Down, b.PageUp, b.PageDown, b.Top, b.Bottom},
		{b.Open, b.Shell, b.Logs, b.Mark, b.MarkAll, b.ShellMarked, b.Run, b.Switch},
		{b.Filter, b.Back, b.Command, b.AllNamespaces, b.Help, b.Quit},
	}
}

// ShortHelp is the status-bar hint while waiting for the key after the prefix.
func (p Prefix) ShortHelp() []key.Binding {
	return []key.Binding{p.SplitRight, p.SplitBelow, p.Zoom, p.Close, p.NewTab, p.Detach, p.Help}
}

// FullHelp is the prefix table in columns: panes, tabs, the rest.
func (p Prefix) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{p.SplitRight, p.SplitBelow, p.FocusLeft, p.FocusDown, p.FocusUp, p.FocusRight,
			p.ResizeLeft, p.ResizeDown, p.ResizeUp, p.ResizeRight, p.Zoom, p.Close},
		append([]key.Binding{p.NewTab, p.NextTab, p.PrevTab, p.ChooseTab}, p.Tab[:]...),
		{p.Sync, p.Restart, p.Detach, p.ScrollMode, p.History, p.Command, p.Help},
	}
}

// ShortHelp is the status-bar hint in scroll mode.
func (s Scroll) ShortHelp() []key.Binding {
	return []key.Binding{s.SearchForward, s.NextMatch, s.Select, s.Copy, s.Quit}
}

// FullHelp is scroll mode's bindings in columns: movement, search, selection.
func (s Scroll) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{s.Up, s.Down, s.Left, s.Right, s.LineStart, s.LineEnd, s.WordForward, s.WordBackward,
			s.PageUp, s.PageDown, s.HalfPageUp, s.HalfPageDown, s.Top, s.Bottom},
		{s.SearchForward, s.SearchBackward, s.NextMatch, s.PrevMatch},
		{s.Select, s.SelectLine, s.Copy, s.Quit},
	}
}

// ShortHelp is the status-bar hint in a dialog.
func (d Dialog) ShortHelp() []key.Binding { return []key.Binding{d.Confirm, d.Cancel} }

// FullHelp is the dialog bindings as one column.
func (d Dialog) FullHelp() [][]key.Binding { return [][]key.Binding{{d.Confirm, d.Cancel}} }
