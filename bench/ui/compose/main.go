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
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"golang.org/x/sys/unix"

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
		Endpoint: "local", Local: true, Now: clock.now})
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

// benchClock is the UI's clock in this benchmark: real time plus what advance added.
type benchClock struct{ offset atomic.Int64 }

var clock benchClock

func (c *benchClock) now() time.Time { return time.Now().Add(time.Duration(c.offset.Load())) }

func (c *benchClock) advance(d time.Duration) { c.offset.Add(int64(d)) }

// series is one measured case: wall time, thread CPU time and allocations of each frame.
type series struct {
	wall, cpu []time.Duration
	mallocs   uint64
}

// time runs fn on the calling (locked) thread and records it.
func (s *series) time(fn func()) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	a0 := ms.Mallocs
	c0 := threadCPU()
	t0 := time.Now()
	fn()
	s.wall = append(s.wall, time.Since(t0))
	s.cpu = append(s.cpu, threadCPU()-c0)
	runtime.ReadMemStats(&ms)
	s.mallocs += ms.Mallocs - a0
}

func (s *series) print(n int, what string) {
	fmt.Printf("%2d panes  %-28s wall %s\n", n, what+":", ptyscreen.Summary(s.wall))
	fmt.Printf("%2d panes  %-28s cpu  %s  allocs/frame=%d\n", n, "", ptyscreen.Summary(s.cpu), s.mallocs/uint64(len(s.wall)))
}

// threadCPU is the CPU time of the calling OS thread (CLOCK_THREAD_CPUTIME_ID): unlike wall
// time it does not count time the thread was preempted by other processes on a shared machine.
func threadCPU() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}

func measure(client *cciapi.Client, n, frames int) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	d, mgr, dial, err := setup(client, n)
	if err != nil {
		return err
	}
	defer mgr.Close()
	sessions := mgr.Sessions()
	ren := newRenderer(width, height)

	var changed, unchanged, renChanged, renUnchanged series
	line := 0
	const warmup = 50
	for f := 0; f < frames+warmup; f++ {
		if f == warmup {
			changed, unchanged, renChanged, renUnchanged = series{}, series{}, series{}, series{}
		}
		// Every pane prints a new line (its whole screen scrolls), then one frame.
		for i, s := range sessions {
			if err := writeAndWait(s, dial.stream(s.Target().Pod), colourLine(i*100+line, cols(s))); err != nil {
				return err
			}
		}
		line++
		d.drain()
		// A second passes between frames on the UI's clock, so no pane is held back by the
		// 20 fps limit on unfocused panes that only printed: every pane is redrawn.
		clock.advance(time.Second)
		var v tea.View
		changed.time(func() { v = d.m.View() })
		renChanged.time(func() { ren.frame(v.Content) })
		// Nothing changed since: the same frame again.
		unchanged.time(func() { v = d.m.View() })
		renUnchanged.time(func() { ren.frame(v.Content) })
	}
	if show {
		fmt.Println(ansi.Strip(d.m.View().Content))
	}
	if !strings.Contains(d.m.View().Content, "retry") && !strings.Contains(d.m.View().Content, "cache") {
		return fmt.Errorf("the panes do not show the output:\n%s", d.m.View().Content)
	}
	changed.print(n, "View, every pane changed")
	unchanged.print(n, "View, nothing changed")
	renChanged.print(n, "renderer, changed frame")
	renUnchanged.print(n, "renderer, same frame")
	return nil
}

func cols(s *session.Session) int {
	c, _ := s.Size()
	return c
}
