package keymap

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
)

// action is one row of the binding table: the single source of the action
// names, default keys, help text and the field each one fills.
type action struct {
	name    string // "<mode>.<action>", stable: config files use it
	keys    []string
	desc    string
	binding func(*KeyMap) *key.Binding
}

// mode is the group an action belongs to: the part of its name before the dot.
func (a action) mode() string { return a.name[:strings.IndexByte(a.name, '.')] }

// Modes in help order, with their help titles.
var modes = []struct{ name, title string }{
	{"global", "Everywhere"},
	{"browser", "Namespaces and pods"},
	{"prefix", "After the prefix"},
	{"scroll", "Scroll mode"},
	{"dialog", "Dialogs"},
	{"log", "Log panes"},
	{"results", "Fan-out results"},
}

func keys(k ...string) []string { return k }

var actions = func() []action {
	a := []action{
		{"global.prefix", keys("ctrl+b"), "prefix (twice: send it to the shell)", func(k *KeyMap) *key.Binding { return &k.Global.Prefix }},
		{"global.scroll_up", keys("shift+pgup"), "scroll mode, one page up", func(k *KeyMap) *key.Binding { return &k.Global.ScrollUp }},

		{"browser.up", keys("up", "k"), "up", func(k *KeyMap) *key.Binding { return &k.Browser.Up }},
		{"browser.down", keys("down", "j"), "down", func(k *KeyMap) *key.Binding { return &k.Browser.Down }},
		{"browser.page_up", keys("pgup"), "page up", func(k *KeyMap) *key.Binding { return &k.Browser.PageUp }},
		{"browser.page_down", keys("pgdown"), "page down", func(k *KeyMap) *key.Binding { return &k.Browser.PageDown }},
		{"browser.top", keys("g", "home"), "top", func(k *KeyMap) *key.Binding { return &k.Browser.Top }},
		{"browser.bottom", keys("G", "end"), "bottom", func(k *KeyMap) *key.Binding { return &k.Browser.Bottom }},
		{"browser.filter", keys("/"), "filter", func(k *KeyMap) *key.Binding { return &k.Browser.Filter }},
		{"browser.back", keys("esc"), "clear filter / back", func(k *KeyMap) *key.Binding { return &k.Browser.Back }},
		{"browser.open", keys("enter"), "open", func(k *KeyMap) *key.Binding { return &k.Browser.Open }},
		{"browser.shell", keys("s"), "shell", func(k *KeyMap) *key.Binding { return &k.Browser.Shell }},
		{"browser.switch", keys("tab"), "switch list", func(k *KeyMap) *key.Binding { return &k.Browser.Switch }},
		{"browser.mark", keys("space"), "mark", func(k *KeyMap) *key.Binding { return &k.Browser.Mark }},
		{"browser.shell_marked", keys("ctrl+s"), "shells on marked, tiled", func(k *KeyMap) *key.Binding { return &k.Browser.ShellMarked }},
		{"browser.help", keys("?"), "help", func(k *KeyMap) *key.Binding { return &k.Browser.Help }},
		{"browser.command", keys(":"), "command", func(k *KeyMap) *key.Binding { return &k.Browser.Command }},
		{"browser.all_namespaces", keys("0"), "pods of all namespaces", func(k *KeyMap) *key.Binding { return &k.Browser.AllNamespaces }},
		{"browser.logs", keys("l"), "logs (in the split picker: in the new pane)", func(k *KeyMap) *key.Binding { return &k.Browser.Logs }},
		{"browser.quit", keys("q", "ctrl+c"), "quit", func(k *KeyMap) *key.Binding { return &k.Browser.Quit }},
		{"browser.mark_all", keys("ctrl+a"), "mark every pod shown", func(k *KeyMap) *key.Binding { return &k.Browser.MarkAll }},
		{"browser.run", keys("!"), "run a command on marked pods (fan-out)", func(k *KeyMap) *key.Binding { return &k.Browser.Run }},

		{"prefix.split_right", keys("%"), "split right", func(k *KeyMap) *key.Binding { return &k.Prefix.SplitRight }},
		{"prefix.split_below", keys("\""), "split below", func(k *KeyMap) *key.Binding { return &k.Prefix.SplitBelow }},
		{"prefix.focus_left", keys("left", "h"), "focus left", func(k *KeyMap) *key.Binding { return &k.Prefix.FocusLeft }},
		{"prefix.focus_down", keys("down", "j"), "focus down", func(k *KeyMap) *key.Binding { return &k.Prefix.FocusDown }},
		{"prefix.focus_up", keys("up", "k"), "focus up", func(k *KeyMap) *key.Binding { return &k.Prefix.FocusUp }},
		{"prefix.focus_right", keys("right", "l"), "focus right", func(k *KeyMap) *key.Binding { return &k.Prefix.FocusRight }},
		{"prefix.resize_left", keys("ctrl+left"), "resize left", func(k *KeyMap) *key.Binding { return &k.Prefix.ResizeLeft }},
		{"prefix.resize_down", keys("ctrl+down"), "resize down", func(k *KeyMap) *key.Binding { return &k.Prefix.ResizeDown }},
		{"prefix.resize_up", keys("ctrl+up"), "resize up", func(k *KeyMap) *key.Binding { return &k.Prefix.ResizeUp }},
		{"prefix.resize_right", keys("ctrl+right"), "resize right", func(k *KeyMap) *key.Binding { return &k.Prefix.ResizeRight }},
		{"prefix.zoom", keys("z"), "zoom pane", func(k *KeyMap) *key.Binding { return &k.Prefix.Zoom }},
		{"prefix.close", keys("x"), "close pane", func(k *KeyMap) *key.Binding { return &k.Prefix.Close }},
		{"prefix.new_tab", keys("c"), "new tab", func(k *KeyMap) *key.Binding { return &k.Prefix.NewTab }},
		{"prefix.next_tab", keys("n"), "next tab", func(k *KeyMap) *key.Binding { return &k.Prefix.NextTab }},
		{"prefix.prev_tab", keys("p"), "previous tab", func(k *KeyMap) *key.Binding { return &k.Prefix.PrevTab }},
	}
	for i := range 10 {
		a = append(a, action{fmt.Sprintf("prefix.tab_%d", i), keys(fmt.Sprint(i)), fmt.Sprintf("go to tab %d", i),
			func(k *KeyMap) *key.Binding { return &k.Prefix.Tab[i] }})
	}
	return append(a, []action{
		{"prefix.choose_tab", keys("w"), "choose tab", func(k *KeyMap) *key.Binding { return &k.Prefix.ChooseTab }},
		{"prefix.sync", keys("S"), "toggle synchronized input", func(k *KeyMap) *key.Binding { return &k.Prefix.Sync }},
		{"prefix.restart", keys("r"), "restart session", func(k *KeyMap) *key.Binding { return &k.Prefix.Restart }},
		{"prefix.detach", keys("d"), "back to browser (sessions keep running)", func(k *KeyMap) *key.Binding { return &k.Prefix.Detach }},
		{"prefix.scroll_mode", keys("["), "scroll mode", func(k *KeyMap) *key.Binding { return &k.Prefix.ScrollMode }},
		{"prefix.history", keys("R"), "session history", func(k *KeyMap) *key.Binding { return &k.Prefix.History }},
		{"prefix.help", keys("?"), "help", func(k *KeyMap) *key.Binding { return &k.Prefix.Help }},
		{"prefix.command", keys(":"), "command", func(k *KeyMap) *key.Binding { return &k.Prefix.Command }},

		{"scroll.up", keys("up", "k"), "up", func(k *KeyMap) *key.Binding { return &k.Scroll.Up }},
		{"scroll.down", keys("down", "j"), "down", func(k *KeyMap) *key.Binding { return &k.Scroll.Down }},
		{"scroll.left", keys("left", "h"), "left", func(k *KeyMap) *key.Binding { return &k.Scroll.Left }},
		{"scroll.right", keys("right", "l"), "right", func(k *KeyMap) *key.Binding { return &k.Scroll.Right }},
		{"scroll.line_start", keys("0"), "start of line", func(k *KeyMap) *key.Binding { return &k.Scroll.LineStart }},
		{"scroll.line_end", keys("$"), "end of line", func(k *KeyMap) *key.Binding { return &k.Scroll.LineEnd }},
		{"scroll.word_forward", keys("w"), "next word", func(k *KeyMap) *key.Binding { return &k.Scroll.WordForward }},
		{"scroll.word_backward", keys("b"), "previous word", func(k *KeyMap) *key.Binding { return &k.Scroll.WordBackward }},
		{"scroll.page_up", keys("pgup"), "page up", func(k *KeyMap) *key.Binding { return &k.Scroll.PageUp }},
		{"scroll.page_down", keys("pgdown"), "page down", func(k *KeyMap) *key.Binding { return &k.Scroll.PageDown }},
		{"scroll.half_page_up", keys("ctrl+u"), "half page up", func(k *KeyMap) *key.Binding { return &k.Scroll.HalfPageUp }},
		{"scroll.half_page_down", keys("ctrl+d"), "half page down", func(k *KeyMap) *key.Binding { return &k.Scroll.HalfPageDown }},
		{"scroll.top", keys("g", "home"), "top", func(k *KeyMap) *key.Binding { return &k.Scroll.Top }},
		{"scroll.bottom", keys("G", "end"), "bottom", func(k *KeyMap) *key.Binding { return &k.Scroll.Bottom }},
		{"scroll.search_forward", keys("/"), "search forward", func(k *KeyMap) *key.Binding { return &k.Scroll.SearchForward }},
		{"scroll.search_backward", keys("?"), "search backward", func(k *KeyMap) *key.Binding { return &k.Scroll.SearchBackward }},
		{"scroll.next_match", keys("n"), "next match", func(k *KeyMap) *key.Binding { return &k.Scroll.NextMatch }},
		{"scroll.prev_match", keys("N"), "previous match", func(k *KeyMap) *key.Binding { return &k.Scroll.PrevMatch }},
		{"scroll.select", keys("v"), "select", func(k *KeyMap) *key.Binding { return &k.Scroll.Select }},
		{"scroll.select_line", keys("V"), "select lines", func(k *KeyMap) *key.Binding { return &k.Scroll.SelectLine }},
		{"scroll.copy", keys("y"), "copy", func(k *KeyMap) *key.Binding { return &k.Scroll.Copy }},
		{"scroll.quit", keys("q", "esc"), "leave scroll mode", func(k *KeyMap) *key.Binding { return &k.Scroll.Quit }},

		{"results.up", keys("up", "k"), "up", func(k *KeyMap) *key.Binding { return &k.Results.Up }},
		{"results.down", keys("down", "j"), "down", func(k *KeyMap) *key.Binding { return &k.Results.Down }},
		{"results.page_up", keys("pgup"), "page up", func(k *KeyMap) *key.Binding { return &k.Results.PageUp }},
		{"results.page_down", keys("pgdown"), "page down", func(k *KeyMap) *key.Binding { return &k.Results.PageDown }},
		{"results.group", keys("g"), "group identical outputs", func(k *KeyMap) *key.Binding { return &k.Results.Group }},
		{"results.diff", keys("D"), "diff against the majority", func(k *KeyMap) *key.Binding { return &k.Results.Diff }},
		{"results.open", keys("enter"), "whole output in a pane", func(k *KeyMap) *key.Binding { return &k.Results.Open }},
		{"results.shell", keys("s"), "shell on the pod", func(k *KeyMap) *key.Binding { return &k.Results.Shell }},
		{"results.rerun", keys("r"), "run again on all pods", func(k *KeyMap) *key.Binding { return &k.Results.Rerun }},
		{"results.rerun_failed", keys("R"), "run again on failed pods", func(k *KeyMap) *key.Binding { return &k.Results.RerunFailed }},
		{"results.export", keys("e"), "export as JSON lines", func(k *KeyMap) *key.Binding { return &k.Results.Export }},
		{"results.cancel", keys("esc", "ctrl+c"), "cancel the run", func(k *KeyMap) *key.Binding { return &k.Results.Cancel }},
		{"results.close", keys("q"), "close the tab", func(k *KeyMap) *key.Binding { return &k.Results.Close }},
		{"dialog.confirm", keys("y", "enter"), "confirm", func(k *KeyMap) *key.Binding { return &k.Dialog.Confirm }},
		{"dialog.cancel", keys("n", "esc"), "cancel", func(k *KeyMap) *key.Binding { return &k.Dialog.Cancel }},

		{"log.json", keys("J"), "JSON lines structured", func(k *KeyMap) *key.Binding { return &k.Log.JSON }},
		{"log.include", keys("f"), "only lines matching a regex", func(k *KeyMap) *key.Binding { return &k.Log.Include }},
		{"log.exclude", keys("F"), "hide lines matching a regex", func(k *KeyMap) *key.Binding { return &k.Log.Exclude }},
		{"log.timestamps", keys("t"), "timestamps", func(k *KeyMap) *key.Binding { return &k.Log.Timestamps }},
		{"log.wrap", keys("w"), "wrap long lines", func(k *KeyMap) *key.Binding { return &k.Log.Wrap }},
		{"log.previous", keys("P"), "previous container's log", func(k *KeyMap) *key.Binding { return &k.Log.Previous }},
		{"log.search", keys("/"), "search (scroll mode)", func(k *KeyMap) *key.Binding { return &k.Log.Search }},
		{"log.scroll", keys("up", "k", "pgup"), "scroll mode", func(k *KeyMap) *key.Binding { return &k.Log.Scroll }},
	}...)
}()

// byName indexes actions by name.
var byName = func() map[string]action {
	m := make(map[string]action, len(actions))
	for _, a := range actions {
		m[a.name] = a
	}
	return m
}()
