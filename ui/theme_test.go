package ui

import (
	"image/color"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/podmux/podmux/ui/styles"
)

// TestAutoThemeFollowsBackground: with AutoTheme the model asks for the terminal's background
// at start, switches to the light theme on a light answer (redrawing panes drawn before) and
// back on a dark one; without it an answer changes nothing.
func TestAutoThemeFollowsBackground(t *testing.T) {
	hs := newHarness(t, 120, 40)
	hs.key("tab")
	hs.key("enter")
	hs.waitSessions(1)
	dark := hs.m.View().Content
	lightAccent := "38;2;91;60;196" // styles.Light's accent, #5B3CC4, on the focused pane's border

	hs.m.Update(tea.BackgroundColorMsg{Color: color.White})
	if hs.m.st.BorderFocused != styles.Dark().BorderFocused || hs.m.View().Content != dark {
		t.Fatal("without AutoTheme a background answer changed the theme")
	}

	hs.m.opts.AutoTheme = true
	if hs.m.themeQuery() == nil {
		t.Fatal("AutoTheme does not ask the terminal for its background")
	}
	hs.m.Update(tea.BackgroundColorMsg{Color: color.White})
	if hs.m.st.BorderFocused != styles.Light().BorderFocused {
		t.Fatal("a light background did not select the light theme")
	}
	if v := hs.m.View().Content; !strings.Contains(v, lightAccent) {
		t.Fatalf("the pane drawn before the switch was not redrawn in the light theme:\n%q", v)
	}
	hs.m.Update(tea.BackgroundColorMsg{Color: color.Black})
	if hs.m.st.BorderFocused != styles.Dark().BorderFocused || strings.Contains(hs.m.View().Content, lightAccent) {
		t.Fatal("a dark background did not bring the dark theme back")
	}
}

// TestLightThemeKeepsContrast: the light theme darkens what the dark one draws light on the
// terminal's own background.
func TestLightThemeKeepsContrast(t *testing.T) {
	d, l := styles.Dark(), styles.Light()
	if d.Accent == l.Accent || d.BorderUnfocused == l.BorderUnfocused || d.TabBar.GetBackground() == l.TabBar.GetBackground() {
		t.Fatal("the light theme reuses dark-theme colours meant for a dark background")
	}
}
