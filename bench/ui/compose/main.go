// Command compose measures the TUI's frame composition: the time of ui.Model.View() at 200×50
// with 1, 4 and 16 panes full of coloured text, when every pane changed since the last frame
// (every pane is redrawn from its engine) and when nothing changed (every pane reuses its cached
// drawing). It also times what Bubble Tea's renderer then does with the frame (parse it into
// cells, diff against the previous frame, write the update), with the same ultraviolet calls.
//
// The model is built through the exported API only: a local CCI server (localcci) with a
// fixture of 16 running pods feeds the browser through a *cciapi.Client; the session Manager's
// Dialer returns pipe-backed streams the benchmark fills; the panes are opened with the keys a
// user presses (enter, space to mark, ctrl+s for shells on the marked pods, tiled).
//
//	go run ./bench/ui/compose [-frames 1000] [-cpuprofile compose.pprof]
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/podmux/podmux/bench/ui/internal/ptyscreen"
	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/cciapi/localcci"
	"github.com/podmux/podmux/keymap"
	"github.com/podmux/podmux/session"
	"github.com/podmux/podmux/ui"
	"github.com/podmux/podmux/ui/styles"
)

// show prints the last frame of each case.
var show bool

const (
	width, height = 200, 50
	namespace     = "bench"
	maxPanes      = 16
)

func main() {
	frames := flag.Int("frames", 1000, "frames measured per case")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the measured frames to this file")
	flag.BoolVar(&show, "show", false, "print the last 16-pane frame (plain text)")
	flag.Parse()
	if err := run(*frames, *cpuprofile); err != nil {
		fmt.Fprintln(os.Stderr, "compose:", err)
		os.Exit(1)
	}
}

func podName(i int) string { return fmt.Sprintf("pod-%02d", i) }

func fixture() *localcci.Fixture {
	ns := localcci.FixtureNamespace{Name: namespace}
	for i := 0; i < maxPanes; i++ {
		ns.Pods = append(ns.Pods, localcci.FixturePod{Name: podName(i), Age: "1h",
			Containers: []localcci.FixtureContainer{{Name: "app", Image: "debian:trixie"}}})
	}
	return &localcci.Fixture{Namespaces: []localcci.FixtureNamespace{ns}}
}

func run(frames int, cpuprofile string) error {
	srv, err := localcci.Start(localcci.Options{Fixture: fixture()}, "", false)
	if err != nil {
		return err
	}
	defer srv.Close()
	client, err := cciapi.NewClient(cciapi.Config{Endpoint: srv.URL, Auth: cciapi.TokenAuth(srv.Token())})
	if err != nil {
		return err
	}
	var prof *os.File
	if cpuprofile != "" {
		if prof, err = os.Create(cpuprofile); err != nil {
			return err
		}
		defer prof.Close()
		if err := pprof.StartCPUProfile(prof); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	fmt.Printf("frame composition at %d×%d, %d frames per case, GOMAXPROCS=%d\n", width, height, frames, runtime.GOMAXPROCS(0))
	for _, n := range []int{1, 4, 16} {
		if err := measure(client, n, frames); err != nil {
			return fmt.Errorf("%d panes: %w", n, err)
		}
	}
	return nil
}

// setup opens n tiled panes through the keys and fills them with coloured text.
func setup(client *cciapi.Client, n int) (*driver, *session.Manager, *pipeDialer, error) {
	dial := &pipeDialer{}
	mgr := session.NewManager(session.Options{Dialer: dial})
	m := ui.New(ui.Options{Backend: client, Sessions: mgr, Keys: keymap.Default(), Styles: styles.Default(),
		Endpoint: "local", Local: true})
	d := newDriver(m)
	d.deliver(tea.WindowSizeMsg{Width: width, Height: height})
	if err := d.until("the pods table", 10*time.Second, func() bool {
		return strings.Contains(m.View().Content, podName(maxPanes-1))
	}); err != nil {
		return nil, nil, nil, err
	}
	d.key(tea.KeyPressMsg{Code: tea.KeyEnter}) // into the pods list
	for i := 0; i < n; i++ {
		d.key(tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
	}
	d.key(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	if err := d.until("n running sessions", 10*time.Second, func() bool {
		ss := mgr.Sessions()
		if len(ss) != n {
			return false
		}
		for _, s := range ss {
			if dial.stream(s.Target().Pod) == nil || s.Status().State != session.Running {
				return false
			}
		}
		return true
	}); err != nil {
		return nil, nil, nil, err
	}
	if got := strings.Count(m.View().Content, "╭"); got != n {
		return nil, nil, nil, fmt.Errorf("%d panes on screen, want %d:\n%s", got, n, m.View().Content)
	}
	// Fill every pane: more lines than it has rows, so each screen is full and scrolls.
	for i, s := range mgr.Sessions() {
		cols, rows := s.Size()
		var b strings.Builder
		for l := 0; l < rows+5; l++ {
			b.WriteString(colourLine(i*100+l, cols))
		}
		if err := writeAndWait(s, dial.stream(s.Target().Pod), b.String()); err != nil {
			return nil, nil, nil, err
		}
	}
	d.drain()
	return d, mgr, dial, nil
}

// writeAndWait writes p to the session's stream and waits until the engine took it.
func writeAndWait(s *session.Session, st *pipeStream, p string) error {
	before := s.Seq()
	if _, err := st.Write([]byte(p)); err != nil {
		return err
	}
	deadline := time.Now().Add(5 * time.Second)
	for s.Seq() == before {
		if time.Now().After(deadline) {
			return fmt.Errorf("session %s did not take its output", s.Target())
		}
		runtime.Gosched()
	}
	return nil
}

func measure(client *cciapi.Client, n, frames int) error {
	d, mgr, dial, err := setup(client, n)
	if err != nil {
		return err
	}
	defer mgr.Close()
	sessions := mgr.Sessions()
	ren := newRenderer(width, height)

	var changed, unchanged, renChanged, renUnchanged []time.Duration
	var msChanged, msUnchanged runtime.MemStats
	var allocChanged, allocUnchanged uint64
	line := 0
	const warmup = 50
	for f := 0; f < frames+warmup; f++ {
		if f == warmup {
			changed, unchanged, renChanged, renUnchanged = changed[:0], unchanged[:0], renChanged[:0], renUnchanged[:0]
			allocChanged, allocUnchanged = 0, 0
		}
		// Every pane prints a new line (its whole screen scrolls), then one frame.
		for i, s := range sessions {
			if err := writeAndWait(s, dial.stream(s.Target().Pod), colourLine(i*100+line, cols(s))); err != nil {
				return err
			}
		}
		line++
		d.drain()
		runtime.ReadMemStats(&msChanged)
		a0 := msChanged.Mallocs
		t0 := time.Now()
		v := d.m.View()
		changed = append(changed, time.Since(t0))
		runtime.ReadMemStats(&msChanged)
		allocChanged += msChanged.Mallocs - a0
		renChanged = append(renChanged, ren.frame(v.Content))

		// Nothing changed since: the same frame again.
		runtime.ReadMemStats(&msUnchanged)
		a0 = msUnchanged.Mallocs
		t0 = time.Now()
		v = d.m.View()
		unchanged = append(unchanged, time.Since(t0))
		runtime.ReadMemStats(&msUnchanged)
		allocUnchanged += msUnchanged.Mallocs - a0
		renUnchanged = append(renUnchanged, ren.frame(v.Content))
	}
	if show {
		fmt.Println(ansi.Strip(d.m.View().Content))
	}
	if !strings.Contains(d.m.View().Content, "retry") && !strings.Contains(d.m.View().Content, "cache") {
		return fmt.Errorf("the panes do not show the output:\n%s", d.m.View().Content)
	}
	fmt.Printf("%2d panes  View, every pane changed:  %s  allocs/frame=%d\n", n, ptyscreen.Summary(changed), allocChanged/uint64(frames))
	fmt.Printf("%2d panes  View, nothing changed:     %s  allocs/frame=%d\n", n, ptyscreen.Summary(unchanged), allocUnchanged/uint64(frames))
	fmt.Printf("%2d panes  renderer, changed frame:   %s\n", n, ptyscreen.Summary(renChanged))
	fmt.Printf("%2d panes  renderer, same frame:      %s\n", n, ptyscreen.Summary(renUnchanged))
	return nil
}

func cols(s *session.Session) int {
	c, _ := s.Size()
	return c
}
