// Command profile runs podmux's TUI in this process, wired as cli/tui.go wires it (local demo
// server, exec dialer, session Manager, ui.Model, tea.Program), on a pty whose other side the
// benchmark flows drive, and writes a CPU profile of the measured phase of one scenario:
//
//	echo     five shells, four flooding, typing into the fifth (as bench/ui/echo)
//	typing   the same five shells, none flooding
//	idle     51 idle shells in 17 tabs (as bench/ui/idle)
//	browser  the browser alone, idle
//
//	go run ./bench/ui/profile -scenario echo -o echo.pprof && go tool pprof -top echo.pprof
//
// For echo and typing it also splits each keystroke's latency into pty → Update, Update → echo
// in the engine, and engine → on the screen (breakdown.go).
//
// The process also holds the driving side (the engine reading the screen back), so its profile
// shows both; podmux's part is everything under ui, session, cciapi, localcci and bubbletea.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/creack/pty"

	"github.com/podmux/podmux/bench/ui/internal/ptyscreen"
	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/cciapi/localcci"
	"github.com/podmux/podmux/keymap"
	"github.com/podmux/podmux/session"
	"github.com/podmux/podmux/ui"
	"github.com/podmux/podmux/ui/styles"
)

// serveBin is -serve: a podmux binary whose `serve` runs the local server in its own process.
var serveBin string

func main() {
	scenario := flag.String("scenario", "echo", "echo, typing, idle or browser")
	out := flag.String("o", "podmux.pprof", "CPU profile output")
	window := flag.Duration("window", 10*time.Second, "measured phase")
	floodCmd := flag.String("flood", "", "the echo scenario's flood command (default bench/ui/echo's; e.g. \"seq -f 'flood %.0f' 1 1000000000\" as bench/ui/flood)")
	flag.StringVar(&serveBin, "serve", "", "run the local server as its own process, `podmux serve` of this binary (as the pty benchmarks do), instead of in this process")
	fps := flag.Int("fps", 0, "Bubble Tea renderer frame rate cap (0: podmux's, ui.MaxFPS)")
	md := &meteredDialer{}
	flag.BoolVar(&md.yield, "yield", false, "each stream read yields the processor first (flow-control experiment)")
	flag.IntVar(&md.perFrame, "per-frame", 0, "cap each stream to this many bytes per 16 ms (flow-control experiment; 0: none)")
	flag.Parse()
	if err := run(*scenario, *out, *window, *fps, *floodCmd, md); err != nil {
		fmt.Fprintln(os.Stderr, "profile:", err)
		os.Exit(1)
	}
}

// execDialer is cli/tui.go's: tty exec streams through a cciapi client.
func execDialer(c *cciapi.Client) session.Dialer {
	return session.DialerFunc(func(ctx context.Context, t session.Target, cmd []string, cols, rows int) (session.Stream, error) {
		return c.Exec(ctx, cciapi.ExecOptions{
			Namespace: t.Namespace, Pod: t.Pod, Container: t.Container, Command: cmd,
			Stdin: true, Stdout: true, TTY: true,
			InitialWidth: uint16(min(cols, 65535)), InitialHeight: uint16(min(rows, 65535)),
		})
	})
}

func run(scenario, out string, window time.Duration, fps int, floodCmd string, md *meteredDialer) error {
	var url, token string
	if serveBin != "" {
		srv, err := ptyscreen.Serve(serveBin)
		if err != nil {
			return err
		}
		defer srv.Close()
		url, token = srv.URL, srv.Token
	} else {
		in, err := localcci.Start(localcci.Options{Animate: true}, "", false)
		if err != nil {
			return err
		}
		defer in.Close()
		url, token = in.URL, in.Token()
	}
	c, err := cciapi.NewClient(cciapi.Config{Endpoint: url, Auth: cciapi.TokenAuth(token)})
	if err != nil {
		return err
	}
	tr := &tracer{}
	md.inner = execDialer(c)
	mgr := session.NewManager(session.Options{Dialer: md, Tee: tr.tee})
	defer mgr.Close()
	m := ui.New(ui.Options{Backend: c, Sessions: mgr, Keys: keymap.Default(), Styles: styles.Default(),
		Endpoint: url + " (local)", Local: true})

	ptmx, pts, err := pty.Open()
	if err != nil {
		return err
	}
	if err := pty.Setsize(ptmx, &pty.Winsize{Cols: 200, Rows: 50}); err != nil {
		return err
	}
	s := ptyscreen.Attach(ptmx, 200, 50)
	defer s.Close()
	popts := append(ui.ProgramOptions(), tea.WithInput(pts), tea.WithOutput(pts),
		tea.WithEnvironment([]string{"TERM=xterm-256color", "COLORTERM=truecolor"}), tea.WithFilter(tr.filter))
	if fps > 0 {
		popts = append(popts, tea.WithFPS(fps))
	}
	p := tea.NewProgram(m, popts...)
	done := make(chan error, 1)
	go func() { _, err := p.Run(); done <- err }()
	defer func() { p.Kill(); <-done; _ = pts.Close() }()

	var measure func() error
	switch scenario {
	case "echo", "typing":
		floods := scenario == "echo"
		setup := s.EchoSetup
		if floodCmd != "" {
			setup = func(floods bool) (int, error) { return s.EchoSetupWith(floodCmd, floods) }
		}
		maxTyped, err := setup(floods)
		if err != nil {
			return err
		}
		measure = func() error {
			keys, err := s.TypeLoop(window, maxTyped, floods)
			fmt.Printf("keystroke to echo: %s\n", ptyscreen.Summary(ptyscreen.Latencies(keys)))
			tr.report(keys)
			return err
		}
	case "idle":
		if err := s.OpenIdleTabs(17); err != nil {
			return err
		}
		measure = func() error { time.Sleep(window); return nil }
	case "browser":
		if _, err := s.WaitText(ptyscreen.ShopPodsRow, ptyscreen.Timeout); err != nil {
			return err
		}
		measure = func() error { time.Sleep(window); return nil }
	default:
		return fmt.Errorf("unknown scenario %q: want echo, typing, idle or browser", scenario)
	}
	time.Sleep(time.Second)
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	cpu0, _ := ptyscreen.CPUSeconds(os.Getpid())
	bytes0 := md.bytes.Load()
	t0 := time.Now()
	if err := pprof.StartCPUProfile(f); err != nil {
		return err
	}
	err = measure()
	pprof.StopCPUProfile()
	cpu1, _ := ptyscreen.CPUSeconds(os.Getpid())
	el := time.Since(t0)
	fmt.Printf("%s: process CPU %.2f%% of one core over %v (podmux and the probe); sessions took %.1f MB/s; profile in %s\n",
		scenario, 100*(cpu1-cpu0)/el.Seconds(), el.Round(time.Millisecond), float64(md.bytes.Load()-bytes0)/el.Seconds()/1e6, out)
	return err
}
