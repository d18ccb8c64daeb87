package e2e

import (
	"regexp"
	"strings"
	"testing"
)

var logStamp = regexp.MustCompile(`20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z`)

// lastStamp is the latest log timestamp in text ("" when none).
func lastStamp(text string) string {
	last := ""
	for _, s := range logStamp.FindAllString(text, -1) {
		if s > last {
			last = s
		}
	}
	return last
}

// TestLogPaneBesideShell: a shell on a pod, split, l opens that pod's log in the new pane; new
// log lines keep coming while the shell answers, and search works in the log pane.
func TestLogPaneBesideShell(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	const cols, rows = 140, 40
	s := start(t, cols, rows, "--demo")
	s.waitText("namespaces")
	s.send(tab)
	openCartShell(s)
	s.waitFor("a running shell", func(l []string) bool { return contains(l, "running") })
	s.send("echo AAA-$((40+2))" + enter)
	s.waitText("AAA-42")

	s.send(ctrlB + "%")
	s.waitText("pick a pod for the pane on the right")
	s.send("l")
	lines := s.waitFor("the log pane beside the shell", func(l []string) bool {
		return boxesOnRow(l, 1) == 2 && contains(l, "logs shop/cart-5c6b7d9f8-qw8rt/cart") && contains(l, "following") &&
			lastStamp(region(l, cols/2, cols)) != ""
	})
	if left := region(lines, 0, cols/2); !strings.Contains(left, "AAA-42") || logStamp.MatchString(left) {
		t.Fatalf("the shell pane should keep the shell and no log lines:\n%s", left)
	}
	first := lastStamp(region(lines, cols/2, cols))

	// Back to the shell: it answers while the log keeps flowing beside it.
	s.send(ctrlB + "h")
	s.send("echo CCC-$((40+4))" + enter)
	s.waitText("CCC-44")
	lines = s.waitFor("a new log line", func(l []string) bool { return lastStamp(region(l, cols/2, cols)) > first })
	s.send("echo DDD-$((40+5))" + enter)
	lines = s.waitText("DDD-45")
	if left := region(lines, 0, cols/2); logStamp.MatchString(left) {
		t.Fatalf("log lines leaked into the shell pane:\n%s", left)
	}

	// Search in the log pane.
	s.send(ctrlB + "l")
	s.send("/heartbeat" + enter)
	s.waitFor("search matches in the log pane", func(l []string) bool {
		return regexp.MustCompile(`/heartbeat: \d+ of \d+`).MatchString(strings.Join(l, "\n"))
	})
	s.send("q")
	s.waitFor("scroll mode to end", func(l []string) bool { return !contains(l, "SCROLL [") })

	// Typing into the log pane is refused with the log keys as a hint, not sent anywhere.
	s.send("x")
	s.waitText("a log pane takes no input")
}
