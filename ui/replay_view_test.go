package ui

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/podmux/podmux/keymap"
	"github.com/podmux/podmux/session"
	"github.com/podmux/podmux/session/record"
	"github.com/podmux/podmux/ui/styles"
)

// A recording played at its pace shows in its border whether it plays or is paused, its speed,
// and its position and length; q stops it where it is (issue 15 item 5: the border said
// "replay · running" even when paused).
func TestReplayBorderShowsPlaybackState(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.cast")
	cast := `{"version": 2, "width": 80, "height": 24}
[0.0, "o", "first line\r\n"]
[100.0, "o", "last line\r\n"]
[270.0, "o", "the end\r\n"]
`
	if err := os.WriteFile(path, []byte(cast), 0o600); err != nil {
		t.Fatal(err)
	}
	mgr := session.NewManager(session.Options{Dialer: session.DialerFunc(
		func(ctx context.Context, tg session.Target, cmd []string, cols, rows int) (session.Stream, error) {
			c, err := record.Open(tg.Recording)
			if err != nil {
				return nil, err
			}
			return record.NewPlayer(c, record.PlayerOptions{MaxSpeed: !tg.Timed}), nil
		})})
	t.Cleanup(mgr.Close)
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	hs := &harness{t: t, mgr: mgr}
	hs.m = New(Options{Backend: newStaticBackend(t, now), Sessions: mgr, Keys: keymap.Default(), Styles: styles.Default(),
		Now: func() time.Time { return now }})
	hs.m.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	hs.m.openTarget(session.Target{Namespace: "shop", Pod: "cart", Container: "cart", Recording: path, Timed: true})

	border := func(want string) string {
		t.Helper()
		re := regexp.MustCompile(want)
		deadline := time.Now().Add(5 * time.Second)
		for {
			top := strings.SplitN(hs.screen(120, 30), "\n", 3)[1]
			if re.MatchString(top) {
				return hs.screen(120, 30)
			}
			if time.Now().After(deadline) {
				t.Fatalf("border %q does not match %q", top, want)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	scr := border(`replay · playing 00:0\d / 04:30 x1 ─╮`)
	if !strings.Contains(scr, "first line") {
		t.Fatalf("screen:\n%s", scr)
	}
	hs.key(" ")
	border(`replay · paused 00:0\d / 04:30 x1 ─╮`)
	hs.key("+")
	border(`replay · paused 00:0\d / 04:30 x2 ─╮`)
	hs.key(" ")
	border(`replay · playing 00:0\d / 04:30 x2 ─╮`)
	hs.key("q")
	scr = border(`replay · stopped 00:0\d / 04:30 x2 ─╮`)
	if strings.Contains(scr, "last line") || strings.Contains(scr, "the end") {
		t.Fatalf("q jumped ahead instead of stopping:\n%s", scr)
	}
}

// History says "live" for a session still recording instead of the time of its last output.
func TestHistorySaysLiveForRunningSessions(t *testing.T) {
	hs := newHarness(t, 160, 40)
	start := time.Date(2026, 11, 29, 11, 0, 0, 0, time.UTC)
	hs.m.openHistory(historyMsg{items: []record.Info{
		{Path: "a.cast", Namespace: "shop", Pod: "cart", Container: "cart", Start: start, Duration: 12 * time.Second, Live: true},
		{Path: "b.cast", Namespace: "shop", Pod: "web", Container: "nginx", Start: start, Duration: 42 * time.Second},
	}})
	c, ok := hs.m.overlay.(*chooser)
	if !ok {
		t.Fatalf("overlay %T", hs.m.overlay)
	}
	if !strings.Contains(c.items[0], "    live") || strings.Contains(c.items[0], "12s") {
		t.Errorf("live session: %q", c.items[0])
	}
	if !strings.Contains(c.items[1], "42s") {
		t.Errorf("ended session: %q", c.items[1])
	}
}
