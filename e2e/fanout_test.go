package e2e

import (
	"os"
	"strings"
	"testing"
)

// rowOf returns the screen line that starts with " name " (a results row), or "".
func rowOf(lines []string, name string) string {
	for _, l := range lines {
		if strings.HasPrefix(l, " "+name+" ") {
			return l
		}
	}
	return ""
}

func TestFanoutMarkRunGroupOpen(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	host, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	s := start(t, 160, 45, "--demo")
	s.waitText("namespaces")
	s.send("/fleet" + enter)
	s.waitText("pods in fleet")
	s.send(tab)
	s.waitText("web-0")
	// Mark three pods (space marks and moves down): web-0, web-1, web-10 in the list's order.
	s.send(" ")
	s.send(" ")
	s.send(" ")
	s.send("!")
	s.waitText("Run on 3 pod(s)")
	s.send("hostname" + enter)
	lines := s.waitText("run: hostname · 3 pods · 3 done")
	for _, pod := range []string{"web-0", "web-1", "web-10"} {
		row := rowOf(lines, pod)
		if !strings.Contains(row, "exit 0") || !strings.Contains(row, host) {
			t.Errorf("row of %s: %q (want exit 0 and %q)\n%s", pod, row, host, strings.Join(lines, "\n"))
		}
	}
	if n := strings.Count(strings.Join(lines, "\n"), "exit 0"); n != 3 {
		t.Errorf("%d rows, want 3:\n%s", n, strings.Join(lines, "\n"))
	}

	// g groups the three identical answers into one row with folded names.
	s.send("g")
	lines = s.waitText("1 distinct answers")
	if row := rowOf(lines, "web-[0-1,10]"); !strings.Contains(row, "3  exit 0") || !strings.Contains(row, host) {
		t.Errorf("group row: %q\n%s", row, strings.Join(lines, "\n"))
	}

	// enter opens the selected answer's whole output in a pane of a new tab.
	s.send(enter)
	s.waitText("fleet/web-0/web")
	s.waitText("│" + host) // the pane's text follows its tab (the session starts, then prints)
}
