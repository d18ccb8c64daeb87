package keymap

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

func TestApplyOverrides(t *testing.T) {
	km := Default()
	err := km.Apply(map[string][]string{
		"global.prefix":      {"ctrl+a"},
		"prefix.split_right": {"|", "%"},
		"browser.filter":     {"/", "f"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(km.Global.Prefix.Keys(), []string{"ctrl+a"}) {
		t.Fatalf("prefix keys %v", km.Global.Prefix.Keys())
	}
	if !key.Matches(tea.KeyPressMsg{Code: '|', Text: "|"}, km.Prefix.SplitRight) {
		t.Fatal("| does not split right")
	}
	if km.Prefix.SplitRight.Help().Key != "|/%" || km.Prefix.SplitRight.Help().Desc != "split right" {
		t.Fatalf("help not regenerated: %+v", km.Prefix.SplitRight.Help())
	}
	if !slices.Equal(km.Browser.Filter.Keys(), []string{"/", "f"}) {
		t.Fatalf("filter keys %v", km.Browser.Filter.Keys())
	}
	if !slices.Equal(km.Browser.Up.Keys(), Default().Browser.Up.Keys()) {
		t.Fatal("an action not named changed")
	}
	if !strings.Contains(Help(km)[2].Title, "ctrl+a") {
		t.Fatalf("prefix help title %q does not name the new prefix", Help(km)[2].Title)
	}
}

func TestApplyEmptyListDisables(t *testing.T) {
	km := Default()
	if err := km.Apply(map[string][]string{"prefix.restart": {}, "browser.quit": nil}); err != nil {
		t.Fatal(err)
	}
	if km.Prefix.Restart.Enabled() || km.Browser.Quit.Enabled() {
		t.Fatal("disabled actions still enabled")
	}
	if key.Matches(tea.KeyPressMsg{Code: 'r', Text: "r"}, km.Prefix.Restart) {
		t.Fatal("disabled action matched")
	}
	for _, s := range Help(km) {
		for _, r := range s.Rows {
			if slices.Contains(r.Actions, "prefix.restart") {
				t.Fatal("disabled action in help")
			}
		}
	}
	// Freed keys can be reused by another action in the same mode.
	if err := km.Apply(map[string][]string{"prefix.history": {"r"}}); err != nil {
		t.Fatal(err)
	}
	// And re-enabled.
	if err := km.Apply(map[string][]string{"prefix.restart": {"ctrl+r"}}); err != nil || !km.Prefix.Restart.Enabled() {
		t.Fatalf("re-enable: %v", err)
	}
}

func TestApplyUnknownActionSuggests(t *testing.T) {
	km := Default()
	before := km.Browser.Filter.Keys()
	err := km.Apply(map[string][]string{"prefix.split-right": {"|"}, "browser.filter": {"f"}})
	if err == nil {
		t.Fatal("unknown action accepted")
	}
	if want := `unknown key action "prefix.split-right" (did you mean "prefix.split_right"?)`; err.Error() != want {
		t.Fatalf("error %q\nwant  %q", err, want)
	}
	if !slices.Equal(km.Browser.Filter.Keys(), before) {
		t.Fatal("a failed Apply changed the key map")
	}
	// A name without its mode finds it (config example's old hint was split_right).
	for in, want := range map[string]string{"split_right": "prefix.split_right", "split_rigth": "prefix.split_right", "zoom": "prefix.zoom"} {
		err := km.Apply(map[string][]string{in: {"|"}})
		if err == nil || !strings.Contains(err.Error(), `did you mean "`+want+`"`) {
			t.Errorf("suggestion for %s: %v, want %s", in, err, want)
		}
	}
	err = km.Apply(map[string][]string{"scroll.serch": {"s"}})
	if err == nil || !strings.Contains(err.Error(), `"scroll.search_forward"`) && !strings.Contains(err.Error(), `"scroll.select"`) {
		t.Fatalf("suggestion for scroll.serch: %v", err)
	}
}

func TestApplyInvalidKeyNames(t *testing.T) {
	cases := map[string]string{
		"C-a":        `write it as "ctrl+a"`,
		"Ctrl+B":     `write "ctrl+b"`,
		"alt+ctrl+x": `write it as "ctrl+alt+x"`,
		"escape":     `write it as "esc"`,
		"ENTER":      `write it as "enter"`,
		"pageup":     `write it as "pgup"`,
		" ":          `write it as "space"`,
		"ctrl+foo":   `unknown key "foo"`,
		"banana":     `unknown key "banana"`,
		"":           "empty key name",
		"\t":         "not a printable character",
		"ctrl+@":     `"ctrl+space"`,
	}
	for in, want := range cases {
		km := Default()
		err := km.Apply(map[string][]string{"browser.filter": {in}})
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "browser.filter") {
			t.Errorf("key %q: error %v, want it to name browser.filter and say %s", in, err, want)
		}
	}
	for _, ok := range []string{"a", "G", "+", "?", "ctrl++", "shift+tab", "ctrl+alt+x", "f12", "alt+enter", "pgdown", "é"} {
		if err := ValidateKey(ok); err != nil {
			t.Errorf("valid key %q refused: %v", ok, err)
		}
	}
}

func TestApplyConflicts(t *testing.T) {
	km := Default()
	err := km.Apply(map[string][]string{"prefix.zoom": {"x"}})
	if err == nil {
		t.Fatal("conflict accepted")
	}
	if want := `key "x" is bound to both prefix.zoom and prefix.close in prefix mode; rebind or disable one of them`; err.Error() != want {
		t.Fatalf("error %q\nwant  %q", err, want)
	}
	// The same key in different modes is fine.
	if err := km.Apply(map[string][]string{"browser.shell": {"x"}}); err != nil {
		t.Fatalf("x in browser and prefix modes: %v", err)
	}
	// Global keys are live in every mode: a prefix equal to a browser key conflicts.
	err = km.Apply(map[string][]string{"global.prefix": {"ctrl+s"}})
	if err == nil || !strings.Contains(err.Error(), "browser.shell_marked") || !strings.Contains(err.Error(), "browser mode") {
		t.Fatalf("prefix ctrl+s vs browser.shell_marked: %v", err)
	}
	// Resolving the conflict in the same Apply is accepted.
	if err := km.Apply(map[string][]string{"global.prefix": {"ctrl+s"}, "browser.shell_marked": {"ctrl+o"}}); err != nil {
		t.Fatalf("resolved conflict refused: %v", err)
	}
	// Every problem is reported, one per line.
	km = Default()
	err = km.Apply(map[string][]string{"nope.x": {"a"}, "prefix.zoom": {"x"}, "browser.up": {"Up"}})
	if err == nil || strings.Count(err.Error(), "\n") != 2 {
		t.Fatalf("want three lines (unknown action, bad key, conflict: all at once): %v", err)
	}
	for _, p := range Problems(err) {
		var ae *ActionError
		if !errors.As(p, &ae) || ae.Action == "" {
			t.Fatalf("problem %q does not name its action", p)
		}
	}
}

func TestPrefixSafety(t *testing.T) {
	bad := []string{"enter", "a", "G", "space", "tab", "esc", "backspace", "up", "shift+a", "ctrl+m", "ctrl+i", "ctrl+["}
	for _, k := range bad {
		km := Default()
		err := km.Apply(map[string][]string{"global.prefix": {k}})
		if err == nil || !strings.Contains(err.Error(), "prefix") {
			t.Errorf("prefix %q accepted: %v", k, err)
		}
		if !slices.Equal(km.Global.Prefix.Keys(), []string{"ctrl+b"}) {
			t.Errorf("refused prefix %q changed the key map", k)
		}
	}
	km := Default()
	if err := km.Apply(map[string][]string{"global.prefix": {}}); err == nil || !strings.Contains(err.Error(), "cannot be disabled") {
		t.Errorf("disabling the prefix: %v", err)
	}
	for _, k := range []string{"ctrl+a", "ctrl+space", "alt+a", "f12", "ctrl+]"} {
		km := Default()
		if err := km.Apply(map[string][]string{"global.prefix": {k}}); err != nil {
			t.Errorf("prefix %q refused: %v", k, err)
		}
	}
}
