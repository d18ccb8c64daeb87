package e2e

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// TestHostScreenMatchesFrameAfterRandomFlood uses tmux as the user's terminal, so the host has
// its own width tables (not podmux's engine): a shell in podmux prints random bytes (several
// seeds), then resets and clears its terminal and prints a marker. What tmux shows must be
// podmux's frame cell for cell: the same as after a resize, which makes podmux redraw
// everything. Before, characters the host sized differently (C1 controls stored as printable,
// soft hyphens, unassigned code points) left stale cells on the real terminal until a resize.
func TestHostScreenMatchesFrameAfterRandomFlood(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (apt-get install -y tmux)")
	}
	dir := t.TempDir()
	sock := filepath.Join(dir, "tmux.sock")
	tm := func(args ...string) string {
		t.Helper()
		out, err := exec.Command("tmux", append([]string{"-u", "-S", sock, "-f", "/dev/null"}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	// capture is the screen's text plus, for every row but the status bar (whose trailing
	// background tmux records differently after an erase and after a redraw), its styles.
	capture := func() string {
		styled := strings.Split(tm("capture-pane", "-p", "-e", "-t", "h"), "\n")
		return tm("capture-pane", "-p", "-t", "h") + strings.Join(styled[:max(len(styled)-2, 0)], "\n")
	}
	waitPane := func(want string) {
		t.Helper()
		deadline := time.Now().Add(60 * time.Second)
		for !strings.Contains(tm("capture-pane", "-p", "-t", "h"), want) {
			if time.Now().After(deadline) {
				t.Fatalf("the pane never showed %q:\n%s", want, tm("capture-pane", "-p", "-t", "h"))
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	// settled waits until podmux has drawn its frame at the window's width (the pane's top
	// border spans all 200 columns: after a resize, a frame of the old width may still be on
	// the screen while podmux has not yet been scheduled) and two captures 400 ms apart agree,
	// and returns the screen.
	settled := func() string {
		t.Helper()
		prev := capture()
		for range 50 {
			time.Sleep(400 * time.Millisecond)
			cur := capture()
			if cur == prev && topBorderWidth(cur) == 200 {
				return cur
			}
			prev = cur
		}
		t.Fatalf("the pane never settled at 200 columns:\n%s", prev)
		return ""
	}
	home := filepath.Join(dir, "home")
	tm("new-session", "-d", "-s", "h", "-x", "200", "-y", "50",
		"env", "LANG=C.UTF-8", "HOME="+home, "XDG_STATE_HOME="+home+"/state", "XDG_CONFIG_HOME="+home+"/config",
		binary(t), "--demo", "--no-record")
	t.Cleanup(func() { _ = exec.Command("tmux", "-S", sock, "kill-server").Run() })
	waitPane("namespaces")
	for _, k := range [][]string{{"/shop", "Enter"}, {"Tab"}, {"/cart", "Enter"}, {"Enter"}} {
		tm(append([]string{"send-keys", "-t", "h"}, k...)...)
		time.Sleep(300 * time.Millisecond)
	}
	waitPane("@cart-5c6b7d9f8-qw8rt:~#")

	// A letter and a spacing mark (U+093E, U+0E33) are one grapheme but two columns in tmux, as
	// in every wcwidth terminal: the row must still be 200 columns with its border in place.
	tm("send-keys", "-t", "h", "-l", `printf 'MARK-%s a\u093eb\u0e17\u0e33c\n' $((6*7))`)
	tm("send-keys", "-t", "h", "Enter")
	waitPane("MARK-42")
	for _, l := range strings.Split(settled(), "\n") {
		if strings.Contains(l, "MARK-42 ") {
			if w := ansi.StringWidthWc(l); w != 200 || !strings.HasSuffix(l, "│") {
				t.Fatalf("a row with spacing marks is %d columns on the host, its border lost:\n%q", w, l)
			}
			break
		}
	}

	// Emoji sequences and conjoining jamo (hostFormLines): every row stays 200 columns with its
	// border in place, also where the shell overwrote part of a row after them, and what tmux
	// shows is podmux's frame (the same after a resize redraws everything). Before, 👍🏽 was 2
	// columns in podmux's engine but 4 for Bubble Tea's renderer and tmux, 👨‍👩‍👧 2 but 6, and
	// jamo counted one column each by the renderer and none by tmux: those rows lost their border.
	tm("send-keys", "-t", "h", "-l", "clear; printf '"+hostFormLines+"' 1 2 3 4 5 6 7 8")
	tm("send-keys", "-t", "h", "Enter")
	waitPane("EMOJI-8")
	shown := settled()
	rows := 0
	for _, l := range strings.Split(tm("capture-pane", "-p", "-t", "h"), "\n") {
		if strings.Contains(l, "EMOJI-") && !strings.Contains(l, "EMOJI-%d") {
			rows++
			if w := ansi.StringWidthWc(l); w != 200 || !strings.HasSuffix(l, "│") {
				t.Fatalf("a row with emoji or jamo is %d columns on the host, its border lost:\n%q", w, l)
			}
		}
	}
	if rows != 8 {
		t.Fatalf("%d rows of emoji and jamo on the screen, want 8:\n%s", rows, shown)
	}
	tm("resize-window", "-t", "h", "-x", "199", "-y", "50")
	time.Sleep(500 * time.Millisecond)
	tm("resize-window", "-t", "h", "-x", "200", "-y", "50")
	if redrawn := settled(); redrawn != shown {
		t.Fatalf("emoji and jamo: the host terminal drifted from podmux's frame; shown:\n%s\nredrawn:\n%s", shown, redrawn)
	}

	for seed := uint64(1); seed <= 3; seed++ {
		r := rand.New(rand.NewPCG(seed, 12))
		flood := make([]byte, 1<<20)
		for i := range flood {
			flood[i] = byte(r.Uint32())
		}
		file := filepath.Join(dir, fmt.Sprintf("flood%d", seed))
		if err := os.WriteFile(file, flood, 0o600); err != nil {
			t.Fatal(err)
		}
		tm("send-keys", "-t", "h", "C-c")
		tm("send-keys", "-t", "h", "-l", fmt.Sprintf("cat %s; sleep 1; printf '\\033c'; clear; echo CLEAN-$((6*7))-%d", file, seed))
		tm("send-keys", "-t", "h", "Enter")
		waitPane(fmt.Sprintf("CLEAN-42-%d", seed))
		shown := settled()
		// A resize makes podmux draw its whole frame again; back at the same size, the host
		// must show the same cells.
		tm("resize-window", "-t", "h", "-x", "199", "-y", "50")
		time.Sleep(500 * time.Millisecond)
		tm("resize-window", "-t", "h", "-x", "200", "-y", "50")
		redrawn := settled()
		if shown != redrawn {
			a, b := strings.Split(shown, "\n"), strings.Split(redrawn, "\n")
			for i := range min(len(a), len(b)) {
				if a[i] != b[i] {
					t.Errorf("seed %d, row %d: the terminal showed\n%q\nbut podmux's frame is\n%q", seed, i, a[i], b[i])
				}
			}
			t.Fatalf("seed %d: the host terminal drifted from podmux's frame; shown:\n%s\nredrawn:\n%s", seed, shown, redrawn)
		}
	}
}

// topBorderWidth is how many columns the first pane's top border ("╭…╮") spans in a plain
// capture, 0 without one.
func topBorderWidth(screen string) int {
	for _, l := range strings.Split(screen, "\n") {
		if strings.HasPrefix(l, "╭") {
			return ansi.StringWidth(strings.TrimRight(l, " "))
		}
	}
	return 0
}

// hostFormLines is a printf format (for the shell in the pod; its arguments number the rows,
// so the command line never matches) of eight rows of emoji sequences and conjoining Hangul
// jamo, some overwritten in part after a carriage return and cursor move.
const hostFormLines = `EMOJI-%d \u1100\u1161\u11a8 \uac00\u11a8 \u1100\u1100\u1161 \u1100\u1161\u11a8\u11a8|\n` +
	`EMOJI-%d \U1F44D\U1F3FD \U1F44D\U1F3FD\U1F3FD a\U1F3FD \U1F3FD|\n` +
	`EMOJI-%d \U1F468\u200d\U1F469\u200d\U1F467 \U1F469\U1F3FD\u200d\U1F4BB \U1F469\u200d\U1F4BB|\n` +
	`EMOJI-%d \U1F1E9\U1F1EA \U1F1E9 \U1F1E9\U1F1EA\U1F1EB|\n` +
	`EMOJI-%d 1\ufe0f\u20e3 \u2764\ufe0f a\ufe0f \U1F600\ufe0f|\n` +
	`EMOJI-%d \U1F3F3\ufe0f\u200d\U1F308 \U1F441\ufe0f\u200d\U1F5E8\ufe0f a\u200db|\n` +
	`EMOJI-%d \U1F44D\U1F3FD\U1F468\u200d\U1F469 \u1100\u1161 tail\r\033[12Cover|\n` +
	`EMOJI-%d \u2764\ufe0f\U1F1E9\u1100\u1161\u11a8\U1F3FD end\r\033[9C\U1F44D\U1F3FD|\n`
