package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/cciapi/localcci"
	"github.com/podmux/podmux/keymap"
	"github.com/podmux/podmux/session"
	"github.com/podmux/podmux/ui/styles"
)

// liveHarness drives the model against a real loopback local server answering in opts' shape,
// through the real client (polling every 50 ms where it cannot watch).
func liveHarness(t *testing.T, opts localcci.Options) (*harness, *localcci.Server) {
	t.Helper()
	in, err := localcci.Start(opts, "", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = in.Close() })
	c, err := cciapi.NewClient(cciapi.Config{Endpoint: in.URL, Auth: cciapi.TokenAuth(in.Token())})
	if err != nil {
		t.Fatal(err)
	}
	hs := &harness{t: t, mgr: session.NewManager(session.Options{})}
	t.Cleanup(hs.mgr.Close)
	hs.m = New(Options{Backend: c.WithPollInterval(50 * time.Millisecond), Sessions: hs.mgr, Keys: keymap.Default(),
		Styles: styles.Default(), Endpoint: in.URL, Local: true})
	t.Cleanup(func() {
		if hs.m.watchCancel != nil {
			hs.m.watchCancel()
		}
	})
	hs.m.Update(tea.WindowSizeMsg{Width: 160, Height: 40})
	hs.run(fetchNamespaces(hs.m.opts.Backend))
	return hs, in.Server
}

// pumpUntil feeds pod updates into the model until the screen satisfies ok, failing on any
// error line (the "⚠ … (retrying)" loop) on the way.
func (hs *harness) pumpUntil(what string, ok func(screen string) bool) string {
	hs.t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		scr := hs.screen(160, 40)
		if strings.Contains(scr, "⚠") || strings.Contains(scr, "retrying") {
			hs.t.Fatalf("%s: the browser shows an error:\n%s", what, scr)
		}
		if ok(scr) {
			return scr
		}
		got := make(chan tea.Msg, 1)
		go func() { got <- nextPods(hs.m.watchCh, hs.m.watchGen)() }()
		select {
		case msg := <-got:
			hs.m.Update(msg)
		case <-deadline:
			hs.t.Fatalf("%s: not seen; screen:\n%s", what, scr)
		}
	}
}

func TestBrowserServerShapes(t *testing.T) {
	for _, tc := range []struct {
		name    string
		opts    localcci.Options
		polling bool
	}{
		{"default", localcci.Options{}, false},
		{"cci-docs", localcci.Options{APIShape: localcci.ShapeCCIDocs}, true},
		{"no-watch", localcci.Options{NoWatch: true}, true},
		{"throttled", localcci.Options{Throttle: 2}, false},
		{"cci-docs-throttled", localcci.Options{APIShape: localcci.ShapeCCIDocs, Throttle: 3}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hs, srv := liveHarness(t, tc.opts)
			hs.key("enter") // into the first namespace's pods
			scr := hs.pumpUntil("pods", func(s string) bool {
				return strings.Contains(s, "pods in shop") && strings.Contains(s, "cart-5c6b7d9f8-qw8rt") &&
					strings.Contains(s, "· polling") == tc.polling
			})
			if tc.polling != strings.Contains(scr, "polling") {
				t.Fatalf("polling mark %v, want %v:\n%s", !tc.polling, tc.polling, scr)
			}
			if err := srv.AddPod("shop", cciapi.Pod{Metadata: cciapi.ObjectMeta{Name: "late-arrival"}}); err != nil {
				t.Fatal(err)
			}
			hs.pumpUntil("a pod added later", func(s string) bool { return strings.Contains(s, "late-arrival") })
			if tc.opts.Throttle > 0 && srv.Throttled() == 0 {
				t.Fatal("no request was throttled")
			}
		})
	}
}

// TestBrowserAllNamespaces: 0 shows every namespace's pods with a NAMESPACE column, through GET
// /pods or, where that is refused, namespace by namespace (polling); a shell opens in the pod's
// own namespace.
func TestBrowserAllNamespaces(t *testing.T) {
	for _, noAll := range []bool{false, true} {
		hs, _ := liveHarness(t, localcci.Options{NoAllPods: noAll})
		hs.key("0")
		scr := hs.pumpUntil("all pods", func(s string) bool {
			return strings.Contains(s, "pods in all namespaces") && strings.Contains(s, "redis-0") &&
				strings.Contains(s, "sandbox") && strings.Contains(s, "web-7d9f8b6c4-x2kqp")
		})
		if !strings.Contains(scr, "NAMESPACE") || strings.Contains(scr, "polling") != noAll {
			t.Fatalf("noAll %v:\n%s", noAll, scr)
		}
		var row string
		for _, l := range strings.Split(scr, "\n") {
			if strings.Contains(l, "redis-0") {
				row = l
			}
		}
		parts := strings.Split(row, "│")
		if f := strings.Fields(parts[min(1, len(parts)-1)]); len(f) < 2 || f[0] != "data" || f[1] != "redis-0" {
			t.Fatalf("row %q: want namespace data then redis-0", row)
		}
		// Wide enough for the table and the detail panel: both show, the NAME column whole.
		hs.m.Update(tea.WindowSizeMsg{Width: 200, Height: 40})
		wide := hs.screen(200, 40)
		if !strings.Contains(wide, "kafka,jmx-exporter,topic-init") || !strings.Contains(wide, "labels") {
			t.Fatalf("noAll %v at 200 columns:\n%s", noAll, wide)
		}
		hs.command("pods all")
		if !hs.m.br.all() {
			t.Fatal(":pods all left the all-namespaces view")
		}
	}
}
