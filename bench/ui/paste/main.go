// Command paste measures a paste typed as keys (no bracketed paste) into a shell, in podmux and
// in tmux, side by side in one run: the case of a terminal without bracketed paste, or tmux's
// `paste-buffer` without -p. Both run in panes of a private tmux server (200×50), which is the
// user's terminal here:
//
//   - podmux: `podmux --demo` in the pane, a shell opened on shop/cart; the paste goes to podmux,
//     which forwards it to the remote shell;
//   - tmux: bash straight in the pane.
//
// Each run types `stty -icanon; n=$(head -c N | wc -c); echo DONE-$n` and pastes N bytes (one line of
// text, no line ends) with `tmux paste-buffer`, timing until DONE-N is printed (so the byte count
// is checked). Then it pastes a larger text into `head -c 100000000 | wc -c`, presses ctrl+c at once,
// and times until the prompt is back: how long ctrl+c waits behind a paste.
//
//	go run ./bench/ui/paste [-runs 5] [-kb 200]
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/podmux/podmux/bench/ui/internal/ptyscreen"
)

const socket = "podmuxpastebench"

func main() {
	runs := flag.Int("runs", 5, "runs of each")
	kb := flag.Int("kb", 200, "KiB pasted into head -c")
	intrKB := flag.Int("intr-kb", 512, "KiB pasted before ctrl+c")
	bin := flag.String("bin", "", "podmux binary (default: build from the module)")
	flag.Parse()
	if err := run(*runs, *kb<<10, *intrKB<<10, *bin); err != nil {
		fmt.Fprintln(os.Stderr, "paste:", err)
		tmux("kill-server")
		os.Exit(1)
	}
}

func tmux(args ...string) (string, error) {
	out, err := exec.Command("tmux", append([]string{"-L", socket, "-f", "/dev/null"}, args...)...).CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("tmux %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return string(out), nil
}

func capture(target string) string {
	out, _ := tmux("capture-pane", "-p", "-t", target)
	return out
}

// waitFor polls the pane every 5 ms until cond holds and returns when it first did.
func waitFor(target, what string, timeout time.Duration, cond func(string) bool) (time.Time, error) {
	deadline := time.Now().Add(timeout)
	for {
		s := capture(target)
		if cond(s) {
			return time.Now(), nil
		}
		if time.Now().After(deadline) {
			return time.Time{}, fmt.Errorf("%s: timed out waiting for %s; screen:\n%s", target, what, s)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func has(text string) func(string) bool {
	return func(s string) bool { return strings.Contains(s, text) }
}

func text(n int) string {
	const chunk = "the quick brown fox jumps over the lazy dog 0123456789 "
	return strings.Repeat(chunk, n/len(chunk)+1)[:n]
}

// endsWithPrompt reports whether the last non-blank line ends with a prompt ("# " or "$ ").
func endsWithPrompt(s string) bool {
	lines := strings.Split(s, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		l := strings.TrimRight(strings.Trim(lines[i], " │╭╮╰╯─"), " ")
		if l == "" || strings.Contains(lines[i], "prefix") || strings.HasPrefix(strings.TrimSpace(lines[i]), "╰") {
			continue
		}
		return strings.HasSuffix(l, "#") || strings.HasSuffix(l, "$")
	}
	return false
}

type result struct{ paste, intr []time.Duration }

func run(runs, n, intrN int, bin string) error {
	bin, err := ptyscreen.Binary(bin)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "podmux-pastebench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	small, large := filepath.Join(dir, "small"), filepath.Join(dir, "large")
	if err := os.WriteFile(small, []byte(text(n)), 0o600); err != nil {
		return err
	}
	if err := os.WriteFile(large, []byte(text(intrN)), 0o600); err != nil {
		return err
	}
	tmux("kill-server")
	defer tmux("kill-server")
	home := filepath.Join(dir, "home")
	if _, err := tmux("new-session", "-d", "-s", "pm", "-x", "200", "-y", "50",
		"env", "HOME="+home, "XDG_STATE_HOME="+home+"/state", "XDG_CONFIG_HOME="+home+"/config", "TERM=tmux-256color", bin, "--demo"); err != nil {
		return err
	}
	if _, err := tmux("new-session", "-d", "-s", "sh", "-x", "200", "-y", "50", "env", "PS1=$ ", "bash", "--norc", "--noprofile"); err != nil {
		return err
	}
	// podmux: open a shell on shop/cart.
	if _, err := waitFor("pm", "the browser", 20*time.Second, has("namespaces")); err != nil {
		return err
	}
	for _, k := range [][]string{{"/shop", "Enter"}, {"Tab"}, {"/cart", "Enter"}, {"Enter"}} {
		if _, err := tmux(append([]string{"send-keys", "-t", "pm"}, k...)...); err != nil {
			return err
		}
		time.Sleep(300 * time.Millisecond)
	}
	if _, err := waitFor("pm", "the shell", 20*time.Second, has("@cart-5c6b7d9f8-qw8rt:~#")); err != nil {
		return err
	}
	res := map[string]*result{"podmux": {}, "tmux": {}}
	targets := map[string]string{"podmux": "pm", "tmux": "sh"}
	for i := 0; i < runs; i++ {
		for _, name := range []string{"podmux", "tmux"} {
			if i%2 == 1 { // alternate which goes first
				name = map[string]string{"podmux": "tmux", "tmux": "podmux"}[name]
			}
			tg := targets[name]
			d, err := pasteOnce(tg, small, n)
			if err != nil {
				return err
			}
			di, err := interruptOnce(tg, large)
			if err != nil {
				return err
			}
			res[name].paste = append(res[name].paste, d)
			res[name].intr = append(res[name].intr, di)
			fmt.Printf("run %d %-6s paste %d KiB: %8.3f s   ctrl+c after %d KiB: %8.3f s\n", i+1, name, n>>10, d.Seconds(), intrN>>10, di.Seconds())
		}
	}
	load, _ := os.ReadFile("/proc/loadavg")
	fmt.Printf("\n%-6s  %-28s  %-28s\n", "", fmt.Sprintf("paste %d KiB, median (min–max)", n>>10), fmt.Sprintf("ctrl+c after %d KiB", intrN>>10))
	for _, name := range []string{"podmux", "tmux"} {
		r := res[name]
		fmt.Printf("%-6s  %-28s  %-28s\n", name, summary(r.paste), summary(r.intr))
	}
	fmt.Printf("ratio podmux/tmux (medians): paste %.2fx, ctrl+c %.2fx\n",
		median(res["podmux"].paste).Seconds()/median(res["tmux"].paste).Seconds(),
		median(res["podmux"].intr).Seconds()/median(res["tmux"].intr).Seconds())
	fmt.Printf("load average after: %s", load)
	return nil
}

func pasteOnce(tg, file string, n int) (time.Duration, error) {
	if _, err := tmux("send-keys", "-t", tg, "clear", "Enter"); err != nil {
		return 0, err
	}
	time.Sleep(200 * time.Millisecond)
	// The count is printed as DONE-N: echo of the paste may still be flushed after wc's output.
	cmd := fmt.Sprintf("stty -icanon; n=$(head -c %d | wc -c); echo DONE-$n", n)
	if _, err := tmux("send-keys", "-t", tg, cmd, "Enter"); err != nil {
		return 0, err
	}
	if _, err := waitFor(tg, "the command line", 10*time.Second, has("DONE-$n")); err != nil {
		return 0, err
	}
	time.Sleep(300 * time.Millisecond)
	if _, err := tmux("load-buffer", file); err != nil {
		return 0, err
	}
	st := time.Now()
	if _, err := tmux("paste-buffer", "-t", tg); err != nil {
		return 0, err
	}
	at, err := waitFor(tg, "the count", 120*time.Second, has(fmt.Sprintf("DONE-%d", n)))
	if err != nil {
		return 0, err
	}
	return at.Sub(st), nil
}

func interruptOnce(tg, file string) (time.Duration, error) {
	if _, err := tmux("send-keys", "-t", tg, "clear", "Enter"); err != nil {
		return 0, err
	}
	time.Sleep(200 * time.Millisecond)
	if _, err := tmux("send-keys", "-t", tg, "stty -icanon; head -c 100000000 | wc -c", "Enter"); err != nil {
		return 0, err
	}
	if _, err := waitFor(tg, "the command line", 10*time.Second, has("wc -c")); err != nil {
		return 0, err
	}
	time.Sleep(300 * time.Millisecond)
	if _, err := tmux("load-buffer", file); err != nil {
		return 0, err
	}
	st := time.Now()
	if _, err := tmux("paste-buffer", "-t", tg); err != nil {
		return 0, err
	}
	if _, err := tmux("send-keys", "-t", tg, "C-c"); err != nil {
		return 0, err
	}
	at, err := waitFor(tg, "the prompt after ctrl+c", 120*time.Second, func(s string) bool {
		return strings.Contains(s, "^C") && endsWithPrompt(s)
	})
	if err != nil {
		return 0, err
	}
	return at.Sub(st), nil
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

func summary(d []time.Duration) string {
	return fmt.Sprintf("%.3f s (%.3f–%.3f)", median(d).Seconds(), slices.Min(d).Seconds(), slices.Max(d).Seconds())
}
