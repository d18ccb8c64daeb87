package ui

import (
	"strings"
	"testing"
)

func TestHelpOverlayDrawsOverTheBrowser(t *testing.T) {
	hs := newHarness(t, 200, 50)
	hs.key("?")
	if hs.m.overlay == nil {
		t.Fatal("? did not open help")
	}
	scr := hs.screen(200, 50)
	if !strings.Contains(scr, "After the prefix") || !strings.Contains(scr, "namespaces (3)") {
		t.Fatalf("help should be drawn over the browser:\n%s", scr)
	}
	hs.key("esc")
	if hs.m.overlay != nil {
		t.Fatal("esc did not close help")
	}
}
