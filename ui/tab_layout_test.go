package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// openTabs opens a tab on each of the first n pods of the first namespace.
func openTabs(hs *harness, n int) {
	hs.key("tab")
	hs.key("enter")
	for i := 1; i < n; i++ {
		hs.key("ctrl+b")
		hs.key("c")
		for range i {
			hs.key("down")
		}
		hs.key("enter")
	}
}

// The tab bar as pictures at 100, 120 and 200 columns: titles use the width there is, and only
// a real overflow hides tabs behind "» more" (issue 15 item 8: titles were cut at 28 cells with
// 100 columns free, and at 120 columns tabs hid while space remained).
func TestTabBarUsesTheWidth(t *testing.T) {
	hs := newHarness(t, 200, 40)
	openTabs(hs, 4)
	bar := func(w int) string {
		hs.m.Update(tea.WindowSizeMsg{Width: w, Height: 40})
		return strings.TrimRight(strings.SplitN(hs.screen(w, 40), "\n", 2)[0], " ")
	}
	want := map[int]string{
		200: " 0:cart-5c6b7d9f8-qw8rt/cart  1:checkout-6f4d8b7c9-mn3vb/checkout  2:web-7d9f8b6c4-x2kqp/nginx  3:web-7d9f8b6c4-x2kqp/nginx" + strings.Repeat(" ", 66) + "LOCAL DEMO",
		120: " 0:cart-5c6b7d9f8-qw8rt/c…  1:checkout-6f4d8b7c9-mn3…  2:web-7d9f8b6c4-x2kqp/ng…  3:web-7d9f8b6c4-x2kqp/n…   LOCAL DEMO",
		100: " 0:cart-5c6b7d9f8-qw…  1:checkout-6f4d8b7c…  2:web-7d9f8b6c4-x2k…  3:web-7d9f8b6c4-x2…   LOCAL DEMO",
	}
	for _, w := range []int{200, 120, 100} {
		if got := bar(w); got != want[w] {
			t.Errorf("tab bar at %d columns:\n got %q\nwant %q", w, got, want[w])
		}
	}

	// A real overflow: ten tabs in 100 columns. The active tab shows, the others fill the room
	// in order, and the hint says more are hidden.
	openMore(hs, 6)
	hs.key("ctrl+b")
	hs.key("7")
	got := bar(100)
	if !strings.Contains(got, "» more (prefix w)") || !strings.Contains(got, "7:") || strings.Contains(got, "9:") {
		t.Errorf("overflow at 100 columns: %q", got)
	}
	if got := bar(200); strings.Contains(got, "more") {
		t.Errorf("ten tabs fit in 200 columns once shortened, but some hid: %q", got)
	}
}

// openMore opens n more tabs on the first pod.
func openMore(hs *harness, n int) {
	for range n {
		hs.key("ctrl+b")
		hs.key("c")
		hs.key("enter")
	}
}

// The tab bar is composed again whenever what it shows changes (tabBar keeps the last one):
// sync, zoom and a split each show on the next frame, and sync and zoom go again.
func TestTabBarFollowsSyncAndZoom(t *testing.T) {
	hs := newHarness(t, 200, 40)
	openTabs(hs, 2)
	bar := func() string { return strings.SplitN(hs.screen(200, 40), "\n", 2)[0] }
	before := bar()
	steps := []struct {
		keys []string
		want func(string) bool
		what string
	}{
		{[]string{"ctrl+b", "S"}, func(b string) bool { return strings.Contains(b, "1:") && strings.Contains(b, " SYNC") }, "sync on"},
		{[]string{"ctrl+b", "S"}, func(b string) bool { return !strings.Contains(b, "SYNC") }, "sync off"},
		{[]string{"ctrl+b", "%", "enter", "ctrl+b", "z"}, func(b string) bool { return strings.Contains(b, " Z") }, "zoomed"},
		{[]string{"ctrl+b", "z"}, func(b string) bool { return !strings.Contains(b, " Z") }, "unzoomed"},
	}
	for _, s := range steps {
		for _, k := range s.keys {
			hs.key(k)
		}
		if got := bar(); !s.want(got) {
			t.Fatalf("%s: tab bar %q", s.what, got)
		}
	}
	// The split shows in the title ("+1": a second pane), the rest is as before.
	got, want := strings.Fields(bar()), strings.Fields(strings.Replace(before, "/checkout ", "/checkout+1 ", 1))
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("tab bar after the round trip:\n got %q\nwant %q", got, want)
	}
}
