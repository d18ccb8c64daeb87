package ui

import (
	"strings"
	"testing"

	"github.com/podmux/podmux/keymap"
)

// `?` then `a` shows each binding's action name, the name ui.keys in the config takes, so
// "every binding can be changed by its action name; ? lists them" is true (issue 15 item 1).
func TestHelpShowsActionNames(t *testing.T) {
	hs := newHarness(t, 200, 50)
	hs.key("?")
	scr := hs.screen(200, 50)
	if !strings.Contains(scr, "split right") || strings.Contains(scr, "prefix.split_right") {
		t.Fatalf("help before a:\n%s", scr)
	}
	if !strings.Contains(scr, "a: action names") {
		t.Fatalf("help does not say how to see the action names:\n%s", scr)
	}
	hs.key("a")
	scr = hs.screen(200, 50)
	for _, name := range keymap.Actions() {
		if strings.HasPrefix(name, "prefix.tab_") || strings.HasPrefix(name, "dialog.") {
			continue
		}
		if !strings.Contains(scr, name) {
			t.Errorf("action %s is not in the help's names view", name)
		}
	}
	if !strings.Contains(scr, "prefix.tab_0…9") {
		t.Errorf("the tab row does not name its actions")
	}
	if t.Failed() {
		t.Fatalf("screen:\n%s", scr)
	}
	hs.key("a")
	if scr = hs.screen(200, 50); !strings.Contains(scr, "split right") {
		t.Fatalf("a again does not bring the descriptions back:\n%s", scr)
	}
}
