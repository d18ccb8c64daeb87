package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func (hs *harness) ctrl(r rune) {
	_, cmd := hs.m.Update(tea.KeyPressMsg{Code: r, Mod: tea.ModCtrl})
	hs.run(cmd)
}

func (hs *harness) command(line string) {
	hs.key(":")
	hs.typeText(line)
	hs.key("enter")
}

func TestContainerPickerOnlyWithoutDefault(t *testing.T) {
	hs := newHarness(t, 120, 40)
	hs.command("ns data")
	if hs.m.br.watching != "data" {
		t.Fatalf("watching %q, want data", hs.m.br.watching)
	}
	hs.key("/")
	hs.typeText("postgres")
	hs.key("enter")
	hs.key("enter")
	c, ok := hs.m.overlay.(*chooser)
	if !ok {
		t.Fatalf("a pod with two containers and no default must ask; overlay = %T", hs.m.overlay)
	}
	if strings.Join(c.items, ",") != "postgres,metrics-exporter" {
		t.Fatalf("containers offered: %v", c.items)
	}
	hs.key("down")
	hs.key("enter")
	if p := hs.m.ws.focused(); p == nil || p.sess.Target().Container != "metrics-exporter" {
		t.Fatalf("the chosen container did not open")
	}

	// kafka-0 names its default container: no question.
	hs.key("ctrl+b")
	hs.key("c")
	hs.key("/")
	hs.typeText("kafka")
	hs.key("enter")
	hs.key("enter")
	if hs.m.overlay != nil {
		t.Fatalf("a pod with a default container must not ask")
	}
	if p := hs.m.ws.focused(); p.sess.Target().Container != "kafka" {
		t.Fatalf("opened %q, want the default container kafka", p.sess.Target().Container)
	}
	if len(hs.m.ws.tabs) != 2 {
		t.Fatalf("%d tabs, want 2", len(hs.m.ws.tabs))
	}
}

func TestMarkedPodsOpenTiled(t *testing.T) {
	hs := newHarness(t, 120, 40)
	hs.key("tab")
	hs.key(" ")
	hs.key(" ")
	hs.key(" ")
	if n := len(hs.m.br.marked); n != 3 {
		t.Fatalf("%d marked, want 3", n)
	}
	hs.ctrl('s')
	tb := hs.m.ws.cur()
	if tb == nil || tb.tree.Count() != 3 {
		t.Fatalf("want one tab with 3 panes")
	}
	if len(hs.m.br.marked) != 0 {
		t.Fatal("marks should clear after opening")
	}
}

func TestQuitAsksWhileSessionsRun(t *testing.T) {
	hs := newHarness(t, 120, 40)
	hs.key("tab")
	hs.key("enter")
	hs.waitSessions(1)
	hs.key("ctrl+b")
	hs.key("d")
	if hs.m.mode != modeBrowser {
		t.Fatal("prefix d should go back to the browser")
	}
	_, cmd := hs.m.Update(tea.KeyPressMsg{Code: 'q', Text: "q"})
	if cmd != nil || hs.m.overlay == nil {
		t.Fatal("quitting with a running session must ask first")
	}
	hs.key("n")
	if hs.m.overlay != nil || hs.m.quitting {
		t.Fatal("n must cancel")
	}
	hs.key("esc")
	if hs.m.mode != modeWorkspace {
		t.Fatal("esc in the browser should return to the workspace")
	}
}

func TestPrefixTwiceSendsPrefix(t *testing.T) {
	hs := newHarness(t, 120, 40)
	hs.key("tab")
	hs.key("enter")
	hs.waitSessions(1)
	hs.key("ctrl+b")
	if !hs.m.prefix {
		t.Fatal("prefix not armed")
	}
	hs.key("ctrl+b")
	if hs.m.prefix {
		t.Fatal("second prefix should send it through and disarm")
	}
}

func TestTabOverflowKeepsActiveTabAndHints(t *testing.T) {
	hs := newHarness(t, 100, 30)
	hs.key("tab")
	hs.key("enter")
	for i := 0; i < 5; i++ {
		hs.key("ctrl+b")
		hs.key("c")
		hs.key("enter")
	}
	if len(hs.m.ws.tabs) != 6 {
		t.Fatalf("%d tabs, want 6", len(hs.m.ws.tabs))
	}
	bar := strings.SplitN(hs.screen(100, 30), "\n", 2)[0]
	if !strings.Contains(bar, "5:") || !strings.Contains(bar, "» more (prefix w)") {
		t.Fatalf("tab bar %q should show the active tab 5 and the overflow hint", bar)
	}
	hs.key("ctrl+b")
	hs.key("w")
	if _, ok := hs.m.overlay.(*chooser); !ok {
		t.Fatal("prefix w should open the tab chooser")
	}
	hs.key("down") // from tab 0 to tab 1
	hs.key("enter")
	if hs.m.ws.active != 1 {
		t.Fatalf("active tab %d, want 1", hs.m.ws.active)
	}
}
