package ui

import (
	"context"
	"errors"
	"regexp"
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

// logHarness drives the model against a real loopback local server, with log panes following
// logs through cciapi.LogFollower (as cli's log dialer does) and the detail panel's events.
func logHarness(t *testing.T, opts localcci.Options) *harness {
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
	logs := session.LogDialerFunc(func(ctx context.Context, tg session.Target, cont string, emit func(session.LogLine)) (string, error) {
		f := &cciapi.LogFollower{Client: c, Namespace: tg.Namespace, Pod: tg.Pod, Options: cciapi.LogOptions{
			Container: cont, Follow: !tg.Log.Previous, Previous: tg.Log.Previous, TailLines: cciapi.Int64(int64(tg.Log.TailLines))}}
		err := f.Run(ctx, func(l cciapi.LogLine) error {
			emit(session.LogLine{Time: l.Time, Text: l.Text, Gap: l.Gap, More: l.More})
			return nil
		})
		if errors.Is(err, cciapi.ErrLogEnded) {
			return err.Error(), nil
		}
		return "", err
	})
	hs := &harness{t: t, mgr: session.NewManager(session.Options{Logs: logs})}
	t.Cleanup(hs.mgr.Close)
	hs.m = New(Options{Backend: c, Sessions: hs.mgr, Keys: keymap.Default(), Styles: styles.Default(),
		Endpoint: in.URL, Local: true, LogTail: 40, Events: c})
	t.Cleanup(func() {
		if hs.m.watchCancel != nil {
			hs.m.watchCancel()
		}
	})
	hs.m.Update(tea.WindowSizeMsg{Width: 160, Height: 40})
	hs.run(fetchNamespaces(hs.m.opts.Backend))
	return hs
}

// waitScreen redraws until the screen satisfies ok.
func (hs *harness) waitScreen(what string, ok func(string) bool) string {
	hs.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		scr := hs.screen(160, 40)
		if ok(scr) {
			return scr
		}
		if time.Now().After(deadline) {
			hs.t.Fatalf("%s: not seen; screen:\n%s", what, scr)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

var structuredLine = regexp.MustCompile(`\d\d:\d\d:\d\d\.\d{3} (INFO |WARN |DEBUG|ERROR) \S`)

// TestLogPaneJSONStructured: l on the demo's JSON-logging pod opens its log; J renders its JSON
// lines structured and back; F hides matching lines and the border counts them.
func TestLogPaneJSONStructured(t *testing.T) {
	hs := logHarness(t, localcci.Options{LogInterval: 20 * time.Millisecond})
	hs.command("ns data")
	hs.pumpUntil("the JSON pod", func(s string) bool { return strings.Contains(s, localcci.JSONLogPod) })
	hs.key("/")
	hs.typeText("ingest")
	hs.key("enter")
	hs.key("l")
	p := hs.m.ws.focused()
	if p == nil || !p.sess.IsLog() {
		t.Fatal("l did not open a log pane")
	}
	hs.waitScreen("raw JSON lines", func(s string) bool {
		return strings.Contains(s, "logs data/"+localcci.JSONLogPod) && strings.Contains(s, `{"time":"`)
	})
	hs.key("J")
	scr := hs.waitScreen("structured lines", func(s string) bool { return structuredLine.MatchString(s) && !strings.Contains(s, `{"time":"`) })
	if !strings.Contains(scr, "json") || !strings.Contains(scr, "method=") {
		t.Fatalf("structured view: no json mark in the border or no key=value:\n%s", scr)
	}
	hs.key("F")
	hs.typeText("INFO|info")
	hs.key("enter")
	scr = hs.waitScreen("info lines hidden", func(s string) bool { return regexp.MustCompile(`\d+ hidden`).MatchString(s) })
	if strings.Contains(scr, " INFO  ") {
		t.Fatalf("F INFO|info left INFO lines:\n%s", scr)
	}
	hs.key("J")
	hs.waitScreen("raw JSON again", func(s string) bool { return strings.Contains(s, `{"time":"`) && !structuredLine.MatchString(s) })
	// Bad regex: a one-line error, the filter stays.
	hs.key("f")
	hs.typeText("(")
	hs.key("enter")
	if !hs.m.statusErr || !strings.Contains(hs.m.statusText, "not a regular expression") {
		t.Fatalf("bad regex: status %q", hs.m.statusText)
	}
	hs.key("esc")
	if hs.m.overlay != nil {
		t.Fatal("esc did not close the prompt")
	}
}

// TestLogPanePrevious: P on the crashlooping pod's log shows its previous run, which says why
// it crashed.
func TestLogPanePrevious(t *testing.T) {
	hs := logHarness(t, localcci.Options{})
	hs.pumpUntil("the crashlooping pod", func(s string) bool { return strings.Contains(s, "checkout-6f4d8b7c9-mn3vb") })
	hs.key("tab")
	hs.key("/")
	hs.typeText("checkout")
	hs.key("enter")
	hs.key("l")
	hs.key("P")
	scr := hs.waitScreen("the previous run's log", func(s string) bool {
		return strings.Contains(s, "(previous)") && strings.Contains(s, "panic: cannot reach the database") && strings.Contains(s, "end of the previous run's log")
	})
	if !strings.Contains(scr, "connection refused") {
		t.Fatalf("previous log lacks the cause:\n%s", scr)
	}
}

// fetchEvents runs one events refresh as the program would and feeds its answer back.
func (hs *harness) fetchEvents() {
	hs.m.br.events.inflight, hs.m.br.events.fetchedAt = false, time.Time{}
	cmd := hs.m.refreshEvents()
	if cmd == nil {
		return
	}
	hs.m.Update(cmd())
}

func TestEventsSectionShowsAndHidesOn404(t *testing.T) {
	hs := logHarness(t, localcci.Options{})
	hs.pumpUntil("the crashlooping pod", func(s string) bool { return strings.Contains(s, "checkout-6f4d8b7c9-mn3vb") })
	hs.key("tab")
	hs.key("down") // cart → checkout
	hs.fetchEvents()
	scr := hs.screen(160, 40)
	if !strings.Contains(scr, "events") || !strings.Contains(scr, "⚠ BackOff") || !strings.Contains(scr, "Started") {
		t.Fatalf("no events section for the crashlooping pod:\n%s", scr)
	}
	// Another pod: its own events, not the previous pod's.
	hs.key("down")
	hs.fetchEvents()
	if scr := hs.screen(160, 40); strings.Contains(scr, "⚠ BackOff") || !strings.Contains(scr, "Scheduled") {
		t.Fatalf("events of the next pod:\n%s", scr)
	}

	off := logHarness(t, localcci.Options{NoEvents: true})
	off.pumpUntil("pods", func(s string) bool { return strings.Contains(s, "checkout-6f4d8b7c9-mn3vb") })
	off.key("tab")
	off.fetchEvents()
	if !off.m.br.events.off {
		t.Fatal("a 404 did not turn the events section off")
	}
	if scr := off.screen(160, 40); strings.Contains(scr, "events") || strings.Contains(scr, "⚠") {
		t.Fatalf("events section or error shown after a 404:\n%s", scr)
	}
	off.key("down")
	off.m.br.events.fetchedAt = time.Time{}
	if off.m.refreshEvents() != nil {
		t.Fatal("events are asked for again after the endpoint answered 404")
	}
}
