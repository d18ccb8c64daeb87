package ui

import (
	"strings"
	"testing"
)

// Keys that cannot do anything say so in the status bar, as tmux does, instead of doing nothing
// silently (issue 15 item 7).
func TestNoOpsSaySo(t *testing.T) {
	hs := newHarness(t, 160, 40)
	expect := func(what, want string) {
		t.Helper()
		if !strings.Contains(hs.m.statusText, want) {
			t.Fatalf("%s: status %q, want it to contain %q", what, hs.m.statusText, want)
		}
		if !strings.Contains(hs.screen(160, 40), want) {
			t.Fatalf("%s: %q is not on the screen", what, want)
		}
		hs.m.statusText = ""
	}

	// ctrl+s and :tile with nothing marked (the namespaces list has focus at start).
	hs.ctrl('s')
	expect("ctrl+s, nothing marked", "no pods marked")
	if len(hs.m.ws.tabs) != 0 {
		t.Fatalf("ctrl+s with nothing marked opened a tab")
	}
	hs.command("tile")
	expect(":tile, nothing marked", "no pods marked")
	hs.key(" ")
	expect("space in the namespaces list", "marks pods")

	// One tab: next, previous, zoom, and a tab number beyond the last.
	hs.key("tab")
	hs.key("enter")
	hs.key("ctrl+b")
	hs.key("n")
	expect("next with one tab", "only one tab")
	hs.key("ctrl+b")
	hs.key("z")
	expect("zoom with one pane", "nothing to zoom")

	// Three tabs: prefix 9.
	for range 2 {
		hs.key("ctrl+b")
		hs.key("c")
		hs.key("enter")
	}
	if len(hs.m.ws.tabs) != 3 {
		t.Fatalf("%d tabs, want 3", len(hs.m.ws.tabs))
	}
	active := hs.m.ws.active
	hs.key("ctrl+b")
	hs.key("0")
	if hs.m.ws.active != 0 {
		t.Fatalf("prefix 0 went to tab %d", hs.m.ws.active)
	}
	hs.key("ctrl+b")
	hs.key("9")
	expect("prefix 9 with three tabs", "no tab 9: the tabs are 0–2")
	if hs.m.ws.active != 0 {
		t.Fatalf("prefix 9 moved from tab 0 to tab %d (was %d)", hs.m.ws.active, active)
	}

	// A key the prefix does not bind.
	hs.key("ctrl+b")
	hs.key("y")
	expect("unbound prefix key", "ctrl+b y is not bound")
}
