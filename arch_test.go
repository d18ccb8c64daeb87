package main

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/podmux/podmux"

// TestImportDirection holds the package rules of DESIGN.md with `go list -deps`: the leaf
// packages import no podmux package but the shared leaves under internal/ (which import none
// themselves), session does not import cciapi, and nothing but main imports ui or cli.
func TestImportDirection(t *testing.T) {
	deps := func(pkg string) []string {
		out, err := exec.Command("go", "list", "-deps", module+"/"+pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		var own []string
		for _, d := range strings.Fields(string(out)) {
			if strings.HasPrefix(d, module+"/") && d != module+"/"+pkg {
				own = append(own, strings.TrimPrefix(d, module+"/"))
			}
		}
		return own
	}
	for _, leaf := range []string{"cciapi", "config", "keymap", "ui/layout", "ui/styles", "session/term"} {
		var got []string
		for _, d := range deps(leaf) {
			if !strings.HasPrefix(d, "internal/") {
				got = append(got, d)
			} else if own := deps(d); len(own) > 0 {
				t.Errorf("%s (imported by %s) must import no podmux package; it imports %v", d, leaf, own)
			}
		}
		if len(got) > 0 {
			t.Errorf("%s must import no podmux package but internal/ ones; it imports %v", leaf, got)
		}
	}
	for _, pkg := range []string{"session", "session/record", "cciapi/localcci", "ui"} {
		for _, d := range deps(pkg) {
			if d == "ui" || d == "cli" || (strings.HasPrefix(pkg, "session") && strings.HasPrefix(d, "cciapi")) {
				t.Errorf("%s imports %s", pkg, d)
			}
		}
	}
}
