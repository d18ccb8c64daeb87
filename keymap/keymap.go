// Package keymap holds podmux's key bindings as data: one struct of
// key.Binding fields per input mode, built by Default, overridden by action
// name from the config file with Apply, and turned into help with Help and the
// groups' ShortHelp/FullHelp (the bubbles help.KeyMap interface).
//
// Modes and precedence (the UI checks in this order):
//   - Global is active in every mode, before the mode's own group. It holds
//     only the prefix key, because in a shell pane every other key belongs to
//     the remote program. Pressing the prefix twice sends it to the shell.
//   - Browser: the namespace and pod lists (k9s-like).
//   - Prefix: the single key read after the prefix (tmux-like).
//   - Scroll: scroll/copy mode over a pane's scrollback (vi-like).
//   - Dialog: confirmations.
//   - Log: keys read by a focused log pane (it has no stdin), after Global.
//
// Invariants held by Default and by every successful Apply: every key name is
// one Bubble Tea produces (see ValidateKey); no key is bound twice within a
// mode (Global counts as part of every mode); the prefix is a modified key or
// a function key, so it cannot swallow ordinary typing.
package keymap

import "charm.land/bubbles/v2/key"

// KeyMap is every group of bindings. Copy it freely: key.Binding is a value.
type KeyMap struct {
	Global  Global
	Browser Browser
	Prefix  Prefix
	Scroll  Scroll
	Dialog  Dialog
	Log     Log
	Results Results
}

// Global bindings are live in every mode, including a focused shell pane.
type Global struct {
	Prefix   key.Binding // global.prefix: starts a prefix command; twice sends it through
	ScrollUp key.Binding // global.scroll_up: enter scroll mode one page up (shift+pgup, like terminals)
}

// Browser bindings drive the namespace and pod lists.
type Browser struct {
	Up          key.Binding // browser.up
	Down        key.Binding // browser.down
	PageUp      key.Binding // browser.page_up
	PageDown    key.Binding // browser.page_down
	Top         key.Binding // browser.top
	Bottom      key.Binding // browser.bottom
	Filter      key.Binding // browser.filter
	Back        key.Binding // browser.back: clear the filter, or go back a level
	Open        key.Binding // browser.open: enter a namespace, or open a shell on a pod
	Shell       key.Binding // browser.shell: open a shell on the selected pod
	Switch      key.Binding // browser.switch: switch between the namespace and pod lists
	Mark        key.Binding // browser.mark
	ShellMarked key.Binding // browser.shell_marked: shells on all marked pods, tiled in one tab
	Help        key.Binding // browser.help
	Command     key.Binding // browser.command
	Quit        key.Binding // browser.quit
	// AllNamespaces shows the pods of every namespace, with a NAMESPACE column (k9s's 0).
	AllNamespaces key.Binding // browser.all_namespaces
	// Logs opens the selected pod's log (in a new tab, or in the new pane of a split).
	Logs key.Binding // browser.logs
	// MarkAll marks every pod the filter shows (the browser list only: shells keep ctrl+a).
	MarkAll key.Binding // browser.mark_all
	// Run asks for a command and runs it on the marked pods (or the selected one): fan-out.
	Run key.Binding // browser.run
}

// Prefix bindings are read once, right after the prefix key.
type Prefix struct {
	SplitRight  key.Binding     // prefix.split_right
	SplitBelow  key.Binding     // prefix.split_below
	FocusLeft   key.Binding     // prefix.focus_left
	FocusDown   key.Binding     // prefix.focus_down
	FocusUp     key.Binding     // prefix.focus_up
	FocusRight  key.Binding     // prefix.focus_right
	ResizeLeft  key.Binding     // prefix.resize_left
	ResizeDown  key.Binding     // prefix.resize_down
	ResizeUp    key.Binding     // prefix.resize_up
	ResizeRight key.Binding     // prefix.resize_right
	Zoom        key.Binding     // prefix.zoom
	Close       key.Binding     // prefix.close: close the pane (its session keeps running unless asked)
	NewTab      key.Binding     // prefix.new_tab
	NextTab     key.Binding     // prefix.next_tab
	PrevTab     key.Binding     // prefix.prev_tab
	Tab         [10]key.Binding // prefix.tab_0 … prefix.tab_9: go to tab N
	ChooseTab   key.Binding     // prefix.choose_tab
	Sync        key.Binding     // prefix.sync: toggle typing into every pane of the tab
	Restart     key.Binding     // prefix.restart: restart the pane's session
	Detach      key.Binding     // prefix.detach: back to the browser, sessions keep running
	ScrollMode  key.Binding     // prefix.scroll_mode
	History     key.Binding     // prefix.history: recorded sessions
	Help        key.Binding     // prefix.help
	Command     key.Binding     // prefix.command
}

// Scroll bindings drive scroll/copy mode.
type Scroll struct {
	Up             key.Binding // scroll.up
	Down           key.Binding // scroll.down
	Left           key.Binding // scroll.left
	Right          key.Binding // scroll.right
	LineStart      key.Binding // scroll.line_start
	LineEnd        key.Binding // scroll.line_end
	WordForward    key.Binding // scroll.word_forward
	WordBackward   key.Binding // scroll.word_backward
	PageUp         key.Binding // scroll.page_up
	PageDown       key.Binding // scroll.page_down
	HalfPageUp     key.Binding // scroll.half_page_up
	HalfPageDown   key.Binding // scroll.half_page_down
	Top            key.Binding // scroll.top
	Bottom         key.Binding // scroll.bottom
	SearchForward  key.Binding // scroll.search_forward
	SearchBackward key.Binding // scroll.search_backward
	NextMatch      key.Binding // scroll.next_match
	PrevMatch      key.Binding // scroll.prev_match
	Select         key.Binding // scroll.select
	SelectLine     key.Binding // scroll.select_line
	Copy           key.Binding // scroll.copy
	Quit           key.Binding // scroll.quit
}

// Log bindings act on a focused log pane, which takes no input (k9s/stern habits).
type Log struct {
	JSON       key.Binding // log.json: structured rendering of JSON lines
	Include    key.Binding // log.include: show only lines matching a regex
	Exclude    key.Binding // log.exclude: hide lines matching a regex
	Timestamps key.Binding // log.timestamps
	Wrap       key.Binding // log.wrap
	Previous   key.Binding // log.previous: the previous container's log, and back
	Search     key.Binding // log.search: scroll mode, searching
	Scroll     key.Binding // log.scroll: scroll mode
}

// Results bindings drive a fan-out run's results view (a tab of rows, one per pod).
type Results struct {
	Up          key.Binding // results.up
	Down        key.Binding // results.down
	PageUp      key.Binding // results.page_up
	PageDown    key.Binding // results.page_down
	Group       key.Binding // results.group: group identical outputs, and back
	Diff        key.Binding // results.diff: the selected answer as a diff against the majority's
	Open        key.Binding // results.open: the pod's whole output in a pane
	Shell       key.Binding // results.shell: a shell on the pod
	Rerun       key.Binding // results.rerun: the same command again on every pod
	RerunFailed key.Binding // results.rerun_failed: again on the pods that did not exit 0
	Export      key.Binding // results.export: JSON lines to a file
	Cancel      key.Binding // results.cancel: end every stream of a running run
	Close       key.Binding // results.close: close the tab (cancels a running run)
}

// Dialog bindings answer a confirmation.
type Dialog struct {
	Confirm key.Binding // dialog.confirm
	Cancel  key.Binding // dialog.cancel
}

// Default is podmux's built-in key map. It satisfies the package invariants
// (Validate returns nil for it).
func Default() KeyMap {
	var km KeyMap
	for _, a := range actions {
		b := a.binding(&km)
		*b = key.NewBinding(key.WithKeys(a.keys...), key.WithHelp(Label(a.keys), a.desc))
	}
	return km
}

// Actions lists every action name in help order, e.g. "browser.filter",
// "prefix.split_right". These are the names Apply and the config file accept.
func Actions() []string {
	out := make([]string, len(actions))
	for i, a := range actions {
		out[i] = a.name
	}
	return out
}

// Describe is the one-line description of an action, for config docs; ok is
// false for an unknown name.
func Describe(name string) (desc string, ok bool) {
	if a, found := byName[name]; found {
		return a.desc, true
	}
	return "", false
}

// Lookup returns a copy of the binding for an action name.
func (km KeyMap) Lookup(name string) (key.Binding, bool) {
	a, ok := byName[name]
	if !ok {
		return key.Binding{}, false
	}
	return *a.binding(&km), true
}
