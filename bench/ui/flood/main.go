// Command flood measures how fast a flooding shell finishes in podmux panes against tmux panes:
// both against the same `podmux serve` (its own process), in a 200×50 terminal. podmux runs in a
// pty read back through podmux's engine; the anchor is a private tmux server whose panes run
// `podmux exec -it … bash`. In each pane the benchmark types
//
//	time seq 1 3000000; echo DONE-$((6*7))
//
// (about 24 MB of output on a tty) and reads bash's own "real" time off the screen once DONE-42
// is there. Cases: one focused pane; four panes at once (podmux: synchronized input into a tab of
// four; tmux: four tiled panes, the keys sent to each). Rounds alternate podmux and tmux so both
// see the same machine. With -echo it also times keystroke to echo in a fifth pane while four
// panes flood (seq with a "flood " prefix, endless for the run).
//
// The one-pane case also prints two floors (floor.go): the same seq through the server to a bare
// client that discards the output, and under script(1) on a local pty.
//
//	go run ./bench/ui/flood [-rounds 3] [-lines 3000000] [-echo 10s]
package main

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/podmux/podmux/bench/ui/internal/ptyscreen"
)

func main() {
	rounds := flag.Int("rounds", 3, "rounds (each runs every case once, podmux and tmux alternated)")
	lines := flag.Int("lines", 3000000, "seq 1 N in each pane")
	echo := flag.Duration("echo", 10*time.Second, "type into a fifth pane for this long while four panes flood (0: skip)")
	cases := flag.String("cases", "one,four", "which pane cases to run (none: only the echo)")
	bin := flag.String("bin", "", "podmux binary (default: build from the module)")
	old := flag.String("old", "", "another podmux binary (e.g. before a change) run in the same rounds, after podmux")
	flag.StringVar(&profileDir, "cpuprofile", "", "write a CPU profile of each podmux UI run into this directory (PODMUX_CPUPROFILE)")
	flag.Parse()
	if err := run(*bin, *old, *rounds, *lines, *echo, *cases); err != nil {
		fmt.Fprintln(os.Stderr, "flood:", err)
		os.Exit(1)
	}
}

// profileDir, when set, gets one CPU profile per podmux UI run (-cpuprofile).
var profileDir string

// profiles counts the profiles written, to name them.
var profiles int

// uiEnv is the environment of a podmux UI run: the server's token and, with -cpuprofile, the
// profile's file named after what runs.
func uiEnv(srv *ptyscreen.Server, what string) []string {
	env := []string{srv.Env()}
	if profileDir != "" {
		profiles++
		f := fmt.Sprintf("%s/%02d-%s.pprof", profileDir, profiles, what)
		env = append(env, "PODMUX_CPUPROFILE="+f)
		fmt.Printf("  CPU profile: %s\n", f)
	}
	return env
}

const podRow = ptyscreen.ShopPodsRow // cart, the first running pod of shop

func loadavg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

func run(bin, old string, rounds, lines int, echo time.Duration, cases string) error {
	bin, err := ptyscreen.Binary(bin)
	if err != nil {
		return err
	}
	srv, err := ptyscreen.Serve(bin)
	if err != nil {
		return err
	}
	defer srv.Close()
	cmd := fmt.Sprintf("time seq 1 %d; echo DONE-$((6*7))", lines)
	fmt.Printf("pane throughput: %q, 200×50, podmux serve on loopback; %s UTC, load average %s\n", cmd, time.Now().UTC().Format("2006-01-02 15:04"), loadavg())
	res := map[string][]float64{}
	if cases == "none" {
		rounds, cases = 0, ""
	}
	for r := 0; r < rounds; r++ {
		for _, c := range strings.Split(cases, ",") {
			n := map[string]int{"one": 1, "four": 4}[c]
			if n == 0 {
				return fmt.Errorf("unknown case %q: one or four", c)
			}
			p, err := podmuxPanes(bin, srv, n, cmd)
			if err != nil {
				return fmt.Errorf("podmux, %s: %w", c, err)
			}
			t, err := tmuxPanes(bin, srv, n, cmd)
			if err != nil {
				return fmt.Errorf("tmux, %s: %w", c, err)
			}
			if c == "one" {
				if fe, fp, err := floors(srv, podRow, lines); err != nil {
					fmt.Printf("  floors: %v\n", err)
				} else {
					res["floor exec"] = append(res["floor exec"], fe)
					res["floor pty"] = append(res["floor pty"], fp)
					fmt.Printf("  floors: bare exec client %.2f s, script on a local pty %.2f s\n", fe, fp)
				}
			}
			pm, tm := slowest(p), slowest(t)
			res["podmux "+c] = append(res["podmux "+c], pm)
			res["tmux "+c] = append(res["tmux "+c], tm)
			fmt.Printf("round %d, %s pane(s): podmux %s s, tmux %s s (slowest %.2f vs %.2f: %.2fx); load %s\n",
				r+1, c, secs(p), secs(t), pm, tm, tm/pm, loadavg())
			if old != "" {
				o, err := podmuxPanes(old, srv, n, cmd)
				if err != nil {
					return fmt.Errorf("old podmux, %s: %w", c, err)
				}
				res["old "+c] = append(res["old "+c], slowest(o))
				fmt.Printf("round %d, %s pane(s): old podmux %s s (%.2fx tmux); load %s\n", r+1, c, secs(o), tm/slowest(o), loadavg())
			}
		}
	}
	for _, c := range strings.Split(cases, ",") {
		if c == "" {
			continue
		}
		p, t := res["podmux "+c], res["tmux "+c]
		fmt.Printf("%s pane(s), %d rounds: podmux %s s, tmux %s s; ratio of the sums %.2fx\n", c, rounds, secsf(p), secsf(t), sum(t)/sum(p))
		if f := res["floor exec"]; c == "one" && len(f) > 0 {
			fmt.Printf("one pane(s), floors: bare exec client %s s, script on a local pty %s s; tmux/floor %.2fx (no terminal can pass this ratio here)\n",
				secs(f), secs(res["floor pty"]), sum(t)/sum(f))
		}
		if o := res["old "+c]; len(o) > 0 {
			fmt.Printf("%s pane(s), %d rounds: old podmux %s s; tmux/old %.2fx\n", c, rounds, secsf(o), sum(t)/sum(o))
		}
	}
	if echo > 0 {
		if err := echoUnderSeq(bin, srv, echo); err != nil {
			return err
		}
	}
	return nil
}

func sum(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s
}

func slowest(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = max(m, x)
	}
	return m
}

func secs(v []float64) string {
	var b []string
	for _, x := range v {
		b = append(b, fmt.Sprintf("%.2f", x))
	}
	return strings.Join(b, "/")
}

func secsf(v []float64) string { return secs(v) }

var realRe = regexp.MustCompile(`real\s+(\d+)m([\d.]+)s`)

// reals returns bash's "real" times found in text, in seconds.
func reals(text string) []float64 {
	var out []float64
	for _, m := range realRe.FindAllStringSubmatch(text, -1) {
		min, _ := strconv.Atoi(m[1])
		s, _ := strconv.ParseFloat(m[2], 64)
		out = append(out, float64(min)*60+s)
	}
	return out
}

// podmuxPanes runs cmd in n podmux panes at once and returns bash's real time of each.
func podmuxPanes(bin string, srv *ptyscreen.Server, n int, cmd string) ([]float64, error) {
	s, err := ptyscreen.StartEnv(bin, 200, 50, uiEnv(srv, fmt.Sprintf("panes%d", n)), srv.Args()...)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	if _, err := s.WaitText(podRow, ptyscreen.Timeout); err != nil {
		return nil, err
	}
	if n == 1 {
		if err := s.Send(ptyscreen.Tab + "gs"); err != nil {
			return nil, err
		}
		if err := s.WaitCount(" running", 1); err != nil {
			return nil, err
		}
	} else if err := s.OpenSessions(n); err != nil {
		return nil, err
	}
	if _, err := s.WaitFor("prompts", ptyscreen.Timeout, func(l []string) bool { return ptyscreen.Count(l, ":~# ") >= n }); err != nil {
		return nil, err
	}
	if n > 1 {
		if err := s.Send(ptyscreen.CtrlB + "S"); err != nil {
			return nil, err
		}
		if _, err := s.WaitText("SYNC", ptyscreen.Timeout); err != nil {
			return nil, err
		}
	}
	cpu0, _ := ptyscreen.CPUSeconds(s.Cmd.Process.Pid)
	scpu0, _ := ptyscreen.CPUSeconds(srv.Cmd.Process.Pid)
	defer func() {
		cpu1, _ := ptyscreen.CPUSeconds(s.Cmd.Process.Pid)
		scpu1, _ := ptyscreen.CPUSeconds(srv.Cmd.Process.Pid)
		fmt.Printf("  podmux CPU %.2f s, podmux serve CPU %.2f s\n", cpu1-cpu0, scpu1-scpu0)
	}()
	if err := s.Send(cmd + ptyscreen.Enter); err != nil {
		return nil, err
	}
	if _, err := s.WaitFor(fmt.Sprintf("%d× DONE-42", n), 10*time.Minute, func(l []string) bool { return ptyscreen.Count(l, "DONE-42") >= n }); err != nil {
		return nil, err
	}
	r := reals(strings.Join(s.Lines(), "\n"))
	if len(r) != n {
		return nil, fmt.Errorf("%d real times on the screen, want %d:\n%s", len(r), n, strings.Join(s.Lines(), "\n"))
	}
	return r, nil
}

// tmuxPanes runs cmd in n tmux panes, each running podmux exec -it bash, and returns bash's
// real time of each.
func tmuxPanes(bin string, srv *ptyscreen.Server, n int, cmd string) ([]float64, error) {
	home, err := os.MkdirTemp("", "podmux-uibench-home-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(home)
	exe := fmt.Sprintf("env %s HOME=%s XDG_CONFIG_HOME=%s/c XDG_STATE_HOME=%s/s %s --endpoint %s exec -it -n shop %s -- bash",
		srv.Env(), home, home, home, bin, srv.URL, podRow)
	t, err := ptyscreen.NewTmux(200, 50, exe)
	if err != nil {
		return nil, err
	}
	defer t.Close()
	for i := 1; i < n; i++ {
		if err := t.Split(exe); err != nil {
			return nil, err
		}
	}
	panes, err := t.Panes()
	if err != nil {
		return nil, err
	}
	for _, p := range panes {
		if _, err := t.WaitPane(p, "the prompt", ptyscreen.Timeout, func(s string) bool { return strings.Contains(s, ":~#") }); err != nil {
			return nil, err
		}
	}
	for _, p := range panes {
		if err := t.SendLiteral(p, cmd, true); err != nil {
			return nil, err
		}
	}
	var out []float64
	for _, p := range panes {
		txt, err := t.WaitPane(p, "DONE-42", 10*time.Minute, func(s string) bool { return strings.Contains(s, "DONE-42") })
		if err != nil {
			return nil, err
		}
		r := reals(txt)
		if len(r) != 1 {
			return nil, fmt.Errorf("tmux pane %s: %d real times:\n%s", p, len(r), txt)
		}
		out = append(out, r[0])
	}
	return out, nil
}

// echoUnderSeq times keystroke to echo in a fifth podmux pane while four panes print numbered
// lines without end.
func echoUnderSeq(bin string, srv *ptyscreen.Server, d time.Duration) error {
	s, err := ptyscreen.StartEnv(bin, 200, 50, uiEnv(srv, "echo"), srv.Args()...)
	if err != nil {
		return err
	}
	defer s.Close()
	pid := s.Cmd.Process.Pid
	maxTyped, err := s.EchoSetupWith(`seq -f 'flood %.0f' 1 1000000000`, true)
	if err != nil {
		return err
	}
	cpu0, _ := ptyscreen.CPUSeconds(pid)
	t0 := time.Now()
	keys, err := s.TypeLoop(d, maxTyped, true)
	if err != nil {
		return err
	}
	cpu1, _ := ptyscreen.CPUSeconds(pid)
	if slow := ptyscreen.Slow(keys, t0, 50*time.Millisecond); slow != "" {
		fmt.Printf("  echoes over 50 ms: %s\n", slow)
	}
	fmt.Printf("keystroke to echo in a fifth pane, four panes running seq, %v: %s (target p99 ≤ 50ms); podmux CPU %.0f%% of a core; load %s\n",
		d, ptyscreen.Summary(ptyscreen.Latencies(keys)), 100*(cpu1-cpu0)/time.Since(t0).Seconds(), loadavg())
	return nil
}
