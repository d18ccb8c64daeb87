package e2e

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/podmux/podmux/session/record"
)

// TestQuitLeavesEveryRecordingComplete: three shells print a long run of lines and a marker,
// and the user quits the moment the screen shows them (q, y). Every shell's recording is on disk,
// closed, and ends with what its pane showed last: the whole run, the marker and the prompt after
// it. The process is gone and the terminal left the alternate screen.
func TestQuitLeavesEveryRecordingComplete(t *testing.T) {
	home := t.TempDir()
	s := startHome(t, home, 200, 50, "--demo")
	s.waitText("cart-5c6b7d9f8-qw8rt")
	s.send("\tg j  \x13") // mark cart and both web pods; shells on them, tiled
	s.waitFor("three running shells", func(l []string) bool { return strings.Count(strings.Join(l, "\n"), " running") >= 3 })
	s.waitFor("three prompts", func(l []string) bool { return strings.Count(strings.Join(l, "\n"), ":~# ") >= 3 })
	s.send("\x02S") // synchronized input
	s.waitText("SYNC")
	s.send("seq 1 100000; echo END-$((6*7))\r")
	s.waitFor("every shell done, prompt after the marker", func(l []string) bool {
		txt := strings.Join(l, "\n")
		return strings.Count(txt, "END-42") >= 3 && strings.Count(txt, ":~# ") >= 3
	})
	s.send("\x02d") // to the browser, shells running
	s.waitText("cart-5c6b7d9f8-qw8rt")
	s.send("q")
	s.waitText("Quit podmux?")
	s.send("y")
	if !s.exited(10 * time.Second) {
		t.Fatalf("podmux still runs 10 s after quit; screen:\n%s", strings.Join(s.screen(), "\n"))
	}
	s.mu.Lock()
	alt := s.term.AltScreen()
	s.mu.Unlock()
	if alt {
		t.Error("the terminal was left on the alternate screen")
	}

	list, err := record.List(filepath.Join(home, "state", "podmux", "recordings"))
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 {
		t.Fatalf("%d recordings, want 3: %+v", len(list), list)
	}
	for _, in := range list {
		c, err := record.Open(in.Path)
		if err != nil {
			t.Fatal(err)
		}
		out := c.Output()
		i := strings.LastIndex(out, "99999\r\n100000\r\nEND-42\r\n")
		if i < 0 {
			t.Errorf("%s: no end of the run and marker in the recording; it ends %q", in.Path, out[max(0, len(out)-200):])
			continue
		}
		if after := out[i:]; !strings.Contains(after, ":~# ") {
			t.Errorf("%s: the prompt drawn after the marker is not in the recording; it ends %q", in.Path, after)
		}
		for _, line := range []string{"1\r\n2\r\n3\r\n", "\r\n50000\r\n"} {
			if !strings.Contains(out, line) {
				t.Errorf("%s: line %q of the run is missing", in.Path, strings.TrimSpace(line))
			}
		}
	}
}
