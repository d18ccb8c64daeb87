package e2e

import (
	"strings"
	"testing"
	"time"
)

func TestScrollSearchAndCopy(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	const cols, rows = 120, 40
	home := t.TempDir()
	s := startHome(t, home, cols, rows, "--demo")
	s.waitText("namespaces")
	s.send(tab)
	openCartShell(s)
	s.waitFor("a running shell", func(l []string) bool { return contains(l, "running") })
	s.send("seq 1 20000; echo SEQ-DONE" + enter)
	s.waitFor("seq to finish", func(l []string) bool {
		for _, line := range l {
			if strings.HasPrefix(line, "│SEQ-DONE") {
				return true
			}
		}
		return false
	})

	s.send(ctrlB + "[")
	s.waitText("SCROLL [")
	s.send("?19999" + enter)
	lines := s.waitText("/19999: 1 of 1")
	if !contains(lines, "19999") {
		t.Fatalf("the match should be on screen:\n%s", strings.Join(lines, "\n"))
	}
	s.send("y")
	deadline := time.Now().Add(10 * time.Second)
	for len(s.clipboard()) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	clips := s.clipboard()
	if len(clips) == 0 {
		t.Fatal("no OSC 52 clipboard write after y")
	}
	// the engine hands over the decoded OSC 52 payload
	if got := clips[len(clips)-1]; got != "19999" {
		t.Fatalf("copied %q, want the line 19999", got)
	}
	s.waitFor("scroll mode to end after copying", func(l []string) bool { return !contains(l, "SCROLL [") })

	// Quit podmux (it asks, since the shell runs), start it again, and find the same line in
	// the session's recording from the history view.
	s.send(ctrlB + "d")
	s.waitText("namespaces")
	s.send("q")
	s.waitText("still running")
	s.send("y")
	if !s.exited(10 * time.Second) {
		t.Fatal("podmux did not quit")
	}
	s2 := startHome(t, home, cols, rows, "--demo")
	s2.waitText("namespaces")
	s2.send(":history" + enter)
	s2.waitText("history: 1 recording")
	s2.send(enter)
	s2.waitText("replay ended")
	s2.send(ctrlB + "[")
	s2.waitText("SCROLL [")
	s2.send("?19999" + enter)
	s2.waitText("/19999: 1 of 1")
}
