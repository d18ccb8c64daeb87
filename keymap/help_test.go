package keymap

import (
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/help"
)

func TestHelpCoversEveryAction(t *testing.T) {
	km := Default()
	sections := Help(km)
	covered := map[string]bool{}
	for i, s := range sections {
		if s.Mode != modes[i].name || s.Title == "" {
			t.Fatalf("section %d: %+v", i, s)
		}
		for _, r := range s.Rows {
			if r.Keys == "" || r.Desc == "" || len(r.Actions) == 0 {
				t.Fatalf("empty help row %+v", r)
			}
			for _, a := range r.Actions {
				if covered[a] {
					t.Fatalf("%s in help twice", a)
				}
				if !strings.HasPrefix(a, s.Mode+".") {
					t.Fatalf("%s in section %s", a, s.Mode)
				}
				covered[a] = true
			}
		}
	}
	for _, a := range Actions() {
		if !covered[a] {
			t.Errorf("help misses %s", a)
		}
	}
	if sections[2].Title != "After the prefix (ctrl+b)" {
		t.Fatalf("prefix title %q", sections[2].Title)
	}
	row := findRow(sections, "prefix.focus_left")
	if row.Keys != "←/h" || row.Desc != "focus left" {
		t.Fatalf("focus_left row %+v", row)
	}
	if tabs := findRow(sections, "prefix.tab_4"); tabs.Keys != "0…9" || len(tabs.Actions) != 10 {
		t.Fatalf("tab row %+v", tabs)
	}
	// Once the tab keys stop being one each, they get a row each.
	if err := km.Apply(map[string][]string{"prefix.tab_1": {"1", "!"}}); err != nil {
		t.Fatal(err)
	}
	if r := findRow(Help(km), "prefix.tab_1"); r.Keys != "1/!" || len(r.Actions) != 1 {
		t.Fatalf("tab_1 row after override %+v", r)
	}
}

func findRow(sections []HelpSection, action string) HelpRow {
	for _, s := range sections {
		for _, r := range s.Rows {
			if slices.Contains(r.Actions, action) {
				return r
			}
		}
	}
	return HelpRow{}
}

// TestGroupHelpCoversGroup: each group's FullHelp lists every binding of its
// mode once, and ShortHelp is drawn from them.
func TestGroupHelpCoversGroup(t *testing.T) {
	km := Default()
	groups := map[string]help.KeyMap{
		"global": km.Global, "browser": km.Browser, "prefix": km.Prefix, "scroll": km.Scroll, "dialog": km.Dialog, "log": km.Log, "results": km.Results,
	}
	for mode, g := range groups {
		var want, got []string
		for _, a := range actions {
			if a.mode() == mode {
				want = append(want, a.desc)
			}
		}
		for _, col := range g.FullHelp() {
			for _, b := range col {
				got = append(got, b.Help().Desc)
			}
		}
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(want, got) {
			t.Errorf("%s FullHelp:\n got %v\nwant %v", mode, got, want)
		}
		short := g.ShortHelp()
		if len(short) == 0 {
			t.Errorf("%s has no short help", mode)
		}
		for _, b := range short {
			if !slices.Contains(got, b.Help().Desc) {
				t.Errorf("%s short help has %q, not in its full help", mode, b.Help().Desc)
			}
		}
	}
}

func TestHelpRendersWithBubblesHelp(t *testing.T) {
	km := Default()
	h := help.New()
	out := h.View(km.Browser)
	for _, want := range []string{"enter", "open", "ctrl+s", "q/ctrl+c"} {
		if !strings.Contains(out, want) {
			t.Errorf("short help %q lacks %q", out, want)
		}
	}
	if err := km.Apply(map[string][]string{"browser.shell_marked": {}}); err != nil {
		t.Fatal(err)
	}
	if out := h.ShortHelpView(km.Browser.ShortHelp()); strings.Contains(out, "marked") {
		t.Errorf("disabled binding shown: %q", out)
	}
}
