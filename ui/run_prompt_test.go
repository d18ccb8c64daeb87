package ui

import (
	"slices"
	"testing"
)

func TestLabelFilterAndMatch(t *testing.T) {
	if sel, ok := labelFilter("-l app=web"); !ok || sel != "app=web" {
		t.Errorf("labelFilter: %q %v", sel, ok)
	}
	if _, ok := labelFilter("-leader"); ok {
		t.Error("-leader is a fuzzy filter, not a selector")
	}
	l := map[string]string{"app": "web", "tier": "frontend"}
	for sel, want := range map[string]bool{
		"app=web": true, "app==web": true, "app=cart": false, "app!=web": false, "app!=cart": true,
		"tier": true, "!tier": false, "!zone": true, "app=web,tier=frontend": true, "app=web,zone": false, "": true,
		"zone=": false,
	} {
		if got := matchLabels(sel, l); got != want {
			t.Errorf("matchLabels(%q) = %v, want %v", sel, got, want)
		}
	}
}

func TestCommandArgs(t *testing.T) {
	for line, want := range map[string][]string{
		"hostname":            {"hostname"},
		" cat  VERSION ":      {"cat", "VERSION"},
		"cat VERSION | wc -c": {"sh", "-c", "cat VERSION | wc -c"},
		"echo $HOSTNAME":      {"sh", "-c", "echo $HOSTNAME"},
		"":                    nil,
	} {
		if got := commandArgs(line); !slices.Equal(got, want) {
			t.Errorf("commandArgs(%q) = %q, want %q", line, got, want)
		}
	}
}
