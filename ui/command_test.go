package ui

import (
	"strings"
	"testing"
)

// `:ns NAME` clears the filter as choosing the namespace from the list does (issue 15 item 4):
// a pods filter typed in batch used to hide every pod of data.
func TestNsCommandClearsTheFilter(t *testing.T) {
	hs := newHarness(t, 120, 40)
	hs.command("ns batch")
	hs.key("/")
	hs.typeText("sandbox")
	hs.key("enter")
	if hs.m.br.filter != "sandbox" {
		t.Fatalf("filter %q", hs.m.br.filter)
	}
	hs.command("ns data")
	if hs.m.br.filter != "" || hs.m.br.watching != "data" {
		t.Fatalf("after :ns data: filter %q, watching %q", hs.m.br.filter, hs.m.br.watching)
	}
	if pods := hs.m.br.visiblePods(); len(pods) == 0 {
		t.Fatalf("no pods shown in data")
	}
	if v := hs.screen(120, 40); strings.Contains(v, "/sandbox") || strings.Contains(v, "no pods") {
		t.Fatalf("the old filter still shows:\n%s", v)
	}
}

// `:ns NAME` for a namespace that does not exist says so.
func TestNsCommandUnknownNamespace(t *testing.T) {
	hs := newHarness(t, 120, 40)
	hs.command("ns nosuch")
	if !strings.Contains(hs.m.statusText, "no namespace nosuch") {
		t.Fatalf("status %q", hs.m.statusText)
	}
}
