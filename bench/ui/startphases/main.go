// Command startphases splits podmux's start-up (after the process runs) into its phases, in
// this process, wired as cli/tui.go wires podmux --demo: starting the local demo server,
// building the client, the first namespace list, the first pod watch snapshot, and from
// tea.Program start to its first byte and to the pods table on a 200×50 pty. Each run is cold
// for the server and the program (a fresh server, client, manager, model and pty), warm for
// the Go runtime.
//
//	go run ./bench/ui/startphases [-runs 10]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
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

func main() {
	runs := flag.Int("runs", 10, "cold starts")
	flag.Parse()
	if err := run(*runs); err != nil {
		fmt.Fprintln(os.Stderr, "startphases:", err)
		os.Exit(1)
	}
}

type phases struct{ server, client, namespaces, pods, teaFirstByte, teaTable []time.Duration }

func run(runs int) error {
	var p phases
	for i := 0; i < runs; i++ {
		if err := once(&p); err != nil {
			return err
		}
	}
	fmt.Printf("localcci.Start (demo server):       %s\n", ptyscreen.Summary(p.server))
	fmt.Printf("cciapi.NewClient:                   %s\n", ptyscreen.Summary(p.client))
	fmt.Printf("ListNamespaces (first request):     %s\n", ptyscreen.Summary(p.namespaces))
	fmt.Printf("WatchPods first snapshot:           %s\n", ptyscreen.Summary(p.pods))
	fmt.Printf("tea.Program start → first byte:     %s\n", ptyscreen.Summary(p.teaFirstByte))
	fmt.Printf("tea.Program start → pods table:     %s\n", ptyscreen.Summary(p.teaTable))
	return nil
}

func once(p *phases) error {
	t0 := time.Now()
	in, err := localcci.Start(localcci.Options{Animate: true}, "", false)
	if err != nil {
		return err
	}
	defer in.Close()
	p.server = append(p.server, time.Since(t0))
	t0 = time.Now()
	c, err := cciapi.NewClient(cciapi.Config{Endpoint: in.URL, Auth: cciapi.TokenAuth(in.Token())})
	if err != nil {
		return err
	}
	p.client = append(p.client, time.Since(t0))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	t0 = time.Now()
	if _, err := c.ListNamespaces(ctx); err != nil {
		return err
	}
	p.namespaces = append(p.namespaces, time.Since(t0))
	t0 = time.Now()
	wctx, wcancel := context.WithCancel(ctx)
	<-c.WatchPods(wctx, "shop")
	p.pods = append(p.pods, time.Since(t0))
	wcancel()

	// The TUI on a fresh client (the one above has warm connections).
	c2, err := cciapi.NewClient(cciapi.Config{Endpoint: in.URL, Auth: cciapi.TokenAuth(in.Token())})
	if err != nil {
		return err
	}
	mgr := session.NewManager(session.Options{Dialer: session.DialerFunc(func(context.Context, session.Target, []string, int, int) (session.Stream, error) {
		return nil, fmt.Errorf("no sessions in this benchmark")
	})})
	defer mgr.Close()
	m := ui.New(ui.Options{Backend: c2, Sessions: mgr, Keys: keymap.Default(), Styles: styles.Default(),
		Endpoint: in.URL + " (local)", Local: true})
	ptmx, pts, err := pty.Open()
	if err != nil {
		return err
	}
	if err := pty.Setsize(ptmx, &pty.Winsize{Cols: 200, Rows: 50}); err != nil {
		return err
	}
	s := ptyscreen.Attach(ptmx, 200, 50)
	defer s.Close()
	prog := tea.NewProgram(m, append(ui.ProgramOptions(), tea.WithInput(pts), tea.WithOutput(pts),
		tea.WithEnvironment([]string{"TERM=xterm-256color", "COLORTERM=truecolor"}))...)
	start := time.Now()
	done := make(chan error, 1)
	go func() { _, err := prog.Run(); done <- err }()
	defer func() { prog.Kill(); <-done; _ = pts.Close() }()
	at, err := s.WaitFor("the pods table", 20*time.Second, func(l []string) bool {
		return strings.Contains(strings.Join(l, "\n"), ptyscreen.ShopPodsRow)
	})
	if err != nil {
		return err
	}
	p.teaTable = append(p.teaTable, at.Sub(start))
	p.teaFirstByte = append(p.teaFirstByte, s.FirstByte().Sub(start))
	return nil
}
