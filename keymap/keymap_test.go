package keymap

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

func TestDefaultIsValid(t *testing.T) {
	if err := Default().Validate(); err != nil {
		t.Fatalf("Default has problems:\n%v", err)
	}
}

// TestTableCoversEveryField: every key.Binding field of KeyMap is filled by
// exactly one action, so no binding is left out of Apply or help.
func TestTableCoversEveryField(t *testing.T) {
	fields := 0
	bt := reflect.TypeFor[key.Binding]()
	kt := reflect.TypeFor[KeyMap]()
	for i := range kt.NumField() {
		g := kt.Field(i).Type
		for j := range g.NumField() {
			switch f := g.Field(j).Type; {
			case f == bt:
				fields++
			case f.Kind() == reflect.Array && f.Elem() == bt:
				fields += f.Len()
			default:
				t.Fatalf("%s.%s is not a key.Binding", kt.Field(i).Name, g.Field(j).Name)
			}
		}
	}
	if fields != len(actions) {
		t.Fatalf("%d binding fields, %d actions", fields, len(actions))
	}
	for _, a := range actions {
		km := Default()
		a.binding(&km).SetKeys("f63")
		n := 0
		for _, b := range actions {
			if slices.Contains(b.binding(&km).Keys(), "f63") {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("action %s shares its field with %d others", a.name, n-1)
		}
	}
}

func TestActionNames(t *testing.T) {
	names := Actions()
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			t.Fatalf("action %s listed twice", n)
		}
		seen[n] = true
		if d, ok := Describe(n); !ok || d == "" {
			t.Fatalf("action %s has no description", n)
		}
		mode, rest, ok := strings.Cut(n, ".")
		if !ok || rest == "" || strings.ContainsAny(rest, ".- ") || strings.ToLower(n) != n {
			t.Fatalf("action name %q is not <mode>.<snake_case>", n)
		}
		if !slices.ContainsFunc(modes, func(m struct{ name, title string }) bool { return m.name == mode }) {
			t.Fatalf("action %s has unknown mode %s", n, mode)
		}
	}
	for _, want := range []string{"global.prefix", "browser.filter", "prefix.split_right", "prefix.tab_9", "scroll.copy", "dialog.cancel"} {
		if !seen[want] {
			t.Fatalf("missing action %s", want)
		}
	}
}

// press builds the key message Bubble Tea delivers for a keystroke.
func press(code rune, mod tea.KeyMod, text string) tea.KeyPressMsg {
	return tea.KeyPressMsg{Code: code, Mod: mod, Text: text}
}

// TestDefaultsMatchRealKeyMessages: the default names are the strings Bubble
// Tea's key messages produce, so key.Matches fires on real input.
func TestDefaultsMatchRealKeyMessages(t *testing.T) {
	km := Default()
	cases := []struct {
		msg  tea.KeyPressMsg
		b    key.Binding
		name string
	}{
		{press('b', tea.ModCtrl, ""), km.Global.Prefix, "ctrl+b prefix"},
		{press('%', 0, "%"), km.Prefix.SplitRight, "% split right"},
		{press('"', 0, "\""), km.Prefix.SplitBelow, "\" split below"},
		{press(tea.KeyLeft, 0, ""), km.Prefix.FocusLeft, "left focus"},
		{press('l', 0, "l"), km.Prefix.FocusRight, "l focus"},
		{press(tea.KeyRight, tea.ModCtrl, ""), km.Prefix.ResizeRight, "ctrl+right resize"},
		{press('3', 0, "3"), km.Prefix.Tab[3], "3 tab"},
		{press(tea.KeySpace, 0, " "), km.Browser.Mark, "space mark"},
		{press('G', tea.ModShift, "G"), km.Browser.Bottom, "G bottom"},
		{press(tea.KeyEnter, 0, ""), km.Browser.Open, "enter open"},
		{press(tea.KeyEscape, 0, ""), km.Browser.Back, "esc back"},
		{press('s', tea.ModCtrl, ""), km.Browser.ShellMarked, "ctrl+s marked"},
		{press(tea.KeyPgDown, 0, ""), km.Scroll.PageDown, "pgdown"},
		{press('u', tea.ModCtrl, ""), km.Scroll.HalfPageUp, "ctrl+u half page"},
		{press('y', 0, "y"), km.Dialog.Confirm, "y confirm"},
	}
	for _, c := range cases {
		if !key.Matches(c.msg, c.b) {
			t.Errorf("%s: message %q does not match %v", c.name, c.msg.String(), c.b.Keys())
		}
	}
	if key.Matches(press('b', 0, "b"), km.Global.Prefix) {
		t.Error("plain b matched the prefix")
	}
}

// TestShellKeepsReadlineKeys: in a shell pane podmux takes only the prefix and
// shift+pgup (scroll mode, as terminal emulators do); the default prefix ctrl+b
// is the one readline key taken, as in tmux, and pressing it twice sends it
// through.
func TestShellKeepsReadlineKeys(t *testing.T) {
	readline := []string{"ctrl+w", "ctrl+a", "ctrl+e", "ctrl+r", "ctrl+u", "ctrl+k", "ctrl+l",
		"ctrl+d", "ctrl+c", "ctrl+z", "ctrl+p", "ctrl+n", "ctrl+f", "ctrl+y", "ctrl+t", "ctrl+h",
		"alt+b", "alt+f", "alt+d", "tab", "enter", "esc", "up", "down", "left", "right"}
	km := Default()
	shell := km.ShellKeys()
	if !slices.Equal(shell, []string{"ctrl+b", "shift+pgup"}) {
		t.Fatalf("shell keys %v, want only the prefix ctrl+b and shift+pgup", shell)
	}
	for _, k := range readline {
		if slices.Contains(shell, k) {
			t.Errorf("podmux steals readline key %s from the shell", k)
		}
	}
	// After the prefix, the prefix key itself is free for send-through.
	for _, a := range actions {
		if a.mode() == "prefix" && slices.Contains(a.binding(&km).Keys(), "ctrl+b") {
			t.Errorf("%s takes ctrl+b after the prefix, so it cannot be sent through", a.name)
		}
	}
}
