// Command quit measures how long podmux takes to quit: the real binary in a 200×50 pty, with 0,
// 3 and 20 shells open, against the embedded demo server (--demo) and against a remote `podmux
// serve` (its own process). Each run starts podmux, opens the shells, presses q (and y to
// confirm when shells run) and times, from the write of the confirming key, (1) the terminal
// restored: podmux left the alternate screen, as read back through the engine, and (2) the
// process gone: its exit observed by wait(2). Quit is the later of the two.
//
// With -exec it also times `podmux exec -it … bash` ending: from the write of "exit" + Enter to
// the process gone, against both servers.
//
//	go run ./bench/ui/quit [-runs 20] [-sessions 0,3,20] [-targets demo,remote] [-exec]
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/podmux/podmux/bench/ui/internal/ptyscreen"
	"github.com/podmux/podmux/session/term"
)

func main() {
	runs := flag.Int("runs", 20, "runs per case")
	sessions := flag.String("sessions", "0,3,20", "comma-separated shell counts")
	targets := flag.String("targets", "demo,remote", "demo (embedded server) and/or remote (podmux serve)")
	bin := flag.String("bin", "", "podmux binary (default: build from the module)")
	execToo := flag.Bool("exec", true, "also time podmux exec ending")
	flag.Parse()
	if err := run(*bin, *runs, *sessions, *targets, *execToo); err != nil {
		fmt.Fprintln(os.Stderr, "quit:", err)
		os.Exit(1)
	}
}

func run(bin string, runs int, sessions, targets string, execToo bool) error {
	bin, err := ptyscreen.Binary(bin)
	if err != nil {
		return err
	}
	load, _ := os.ReadFile("/proc/loadavg")
	fmt.Printf("quit, %d runs per case; %s UTC, load average %s\n", runs, time.Now().UTC().Format("2006-01-02 15:04"), strings.Join(strings.Fields(string(load))[:3], " "))
	for _, target := range strings.Split(targets, ",") {
		var args, env []string
		switch target {
		case "demo":
			args = []string{"--demo"}
		case "remote":
			srv, err := ptyscreen.Serve(bin)
			if err != nil {
				return err
			}
			defer srv.Close()
			args, env = srv.Args(), []string{srv.Env()}
		default:
			return fmt.Errorf("unknown target %q: demo or remote", target)
		}
		for _, f := range strings.Split(sessions, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil {
				return fmt.Errorf("-sessions %q: %w", sessions, err)
			}
			var restored, gone, quit []time.Duration
			for i := 0; i < runs; i++ {
				r, g, err := once(bin, args, env, n)
				if err != nil {
					return fmt.Errorf("%s, %d sessions, run %d: %w", target, n, i+1, err)
				}
				restored, gone, quit = append(restored, r), append(gone, g), append(quit, max(r, g))
			}
			fmt.Printf("%-6s %2d sessions: quit %s\n", target, n, ptyscreen.Summary(quit))
			fmt.Printf("%-6s %2d sessions:   terminal restored %s\n", target, n, ptyscreen.Summary(restored))
			fmt.Printf("%-6s %2d sessions:   process gone      %s\n", target, n, ptyscreen.Summary(gone))
		}
		if execToo {
			var ends []time.Duration
			for i := 0; i < runs; i++ {
				d, err := execEnd(bin, args, env)
				if err != nil {
					return fmt.Errorf("%s, exec, run %d: %w", target, i+1, err)
				}
				ends = append(ends, d)
			}
			fmt.Printf("%-6s exec -it bash, exit: process gone %s\n", target, ptyscreen.Summary(ends))
		}
	}
	return nil
}

// execEnd runs podmux exec -it bash, types exit and returns the time from the Enter to the
// process gone.
func execEnd(bin string, args, env []string) (time.Duration, error) {
	a := append(append([]string(nil), args...), "exec", "-it", "-n", "shop", ptyscreen.ShopPodsRow, "--", "bash")
	s, err := ptyscreen.StartEnv(bin, 200, 50, env, a...)
	if err != nil {
		return 0, err
	}
	defer s.Close()
	exited := make(chan time.Time, 1)
	go func() { _ = s.Cmd.Wait(); exited <- time.Now() }()
	if _, err := s.WaitText(":~#", ptyscreen.Timeout); err != nil {
		return 0, err
	}
	if err := s.Send("exit"); err != nil {
		return 0, err
	}
	if _, err := s.WaitText(":~# exit", ptyscreen.Timeout); err != nil {
		return 0, err
	}
	sent := time.Now()
	if err := s.Send("\r"); err != nil {
		return 0, err
	}
	select {
	case at := <-exited:
		return at.Sub(sent), nil
	case <-time.After(ptyscreen.Timeout):
		return 0, fmt.Errorf("podmux exec still runs %v after exit", ptyscreen.Timeout)
	}
}

// once runs podmux, opens n shells and quits; it returns the time from the confirming key to the
// terminal restored and to the process gone.
func once(bin string, args, env []string, n int) (restored, gone time.Duration, err error) {
	s, err := ptyscreen.StartEnv(bin, 200, 50, env, args...)
	if err != nil {
		return 0, 0, err
	}
	defer s.Close()
	exited := make(chan time.Time, 1)
	var werr error
	go func() { werr = s.Cmd.Wait(); exited <- time.Now() }()
	if _, err := s.WaitText(ptyscreen.ShopPodsRow, ptyscreen.Timeout); err != nil {
		return 0, 0, err
	}
	if err := s.OpenSessions(n); err != nil {
		return 0, 0, err
	}
	key := "q"
	if n > 0 {
		if err := s.Send(ptyscreen.CtrlB + "d"); err != nil { // to the browser, where q quits
			return 0, 0, err
		}
		if _, err := s.WaitText(ptyscreen.ShopPodsRow, ptyscreen.Timeout); err != nil {
			return 0, 0, err
		}
		if err := s.Send("q"); err != nil {
			return 0, 0, err
		}
		if _, err := s.WaitText("Quit podmux?", ptyscreen.Timeout); err != nil {
			return 0, 0, err
		}
		key = "y"
	}
	main := s.ExpectTerm(func(t *term.Terminal) bool { return !t.AltScreen() })
	sent := time.Now()
	if err := s.Send(key); err != nil {
		return 0, 0, err
	}
	var rt, gt time.Time
	timeout := time.After(ptyscreen.Timeout)
	for rt.IsZero() || gt.IsZero() {
		select {
		case rt = <-main:
		case gt = <-exited:
			if werr != nil {
				if _, ok := werr.(*exec.ExitError); ok {
					return 0, 0, fmt.Errorf("podmux exited with %v", werr)
				}
			}
		case <-timeout:
			return 0, 0, fmt.Errorf("not quit after %v; screen:\n%s", ptyscreen.Timeout, strings.Join(s.Lines(), "\n"))
		}
	}
	return rt.Sub(sent), gt.Sub(sent), nil
}
