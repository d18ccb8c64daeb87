package ui

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/cciapi/localcci"
	"github.com/podmux/podmux/keymap"
	"github.com/podmux/podmux/session"
	"github.com/podmux/podmux/session/term"
	"github.com/podmux/podmux/ui/styles"
)

var update = flag.Bool("update", false, "rewrite golden files")

// staticBackend serves the local server's default fixture without a network: a fake below the
// UI, so frames are deterministic.
type staticBackend struct {
	ns   []cciapi.Namespace
	pods map[string][]cciapi.Pod
}

func newStaticBackend(t *testing.T, now time.Time) *staticBackend {
	t.Helper()
	in, err := localcci.Start(localcci.Options{}, "", false)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	c, err := cciapi.NewClient(cciapi.Config{Endpoint: in.URL, Auth: cciapi.TokenAuth(in.Token())})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	b := &staticBackend{pods: map[string][]cciapi.Pod{}}
	if b.ns, err = c.ListNamespaces(ctx); err != nil {
		t.Fatal(err)
	}
	for _, n := range b.ns {
		l, err := c.ListAllPods(ctx, n.Metadata.Name)
		if err != nil {
			t.Fatal(err)
		}
		// The fixture's ages are relative to the server's start: move them to the fixed clock.
		shift := now.Sub(time.Now())
		for i := range l.Items {
			p := &l.Items[i]
			p.Metadata.CreationTimestamp = p.Metadata.CreationTimestamp.Add(shift).Round(time.Minute)
			if p.Status.StartTime != nil {
				st := p.Status.StartTime.Add(shift).Round(time.Minute)
				p.Status.StartTime = &st
			}
		}
		b.pods[n.Metadata.Name] = l.Items
	}
	return b
}

func (b *staticBackend) ListNamespaces(context.Context) ([]cciapi.Namespace, error) { return b.ns, nil }
func (b *staticBackend) WatchPods(ctx context.Context, ns string) <-chan cciapi.PodUpdate {
	ch := make(chan cciapi.PodUpdate, 1)
	ch <- cciapi.PodUpdate{Pods: b.pods[ns]}
	return ch
}

// scriptStream prints one greeting and then waits for Close.
type scriptStream struct {
	r    *io.PipeReader
	w    *io.PipeWriter
	once sync.Once
	done chan struct{}
}

func newScriptStream(greeting string) *scriptStream {
	s := &scriptStream{done: make(chan struct{})}
	s.r, s.w = io.Pipe()
	go func() { _, _ = s.w.Write([]byte(greeting)) }()
	return s
}
func (s *scriptStream) Stdin() io.WriteCloser    { return nopWC{} }
func (s *scriptStream) Stdout() io.Reader        { return s.r }
func (s *scriptStream) Resize(w, h uint16) error { return nil }
func (s *scriptStream) Close() error {
	s.once.Do(func() { close(s.done); s.w.Close() })
	return nil
}
func (s *scriptStream) Wait() (int, error) { <-s.done; return 0, nil }

type nopWC struct{}

func (nopWC) Write(p []byte) (int, error) { return len(p), nil }
func (nopWC) Close() error                { return nil }

// harness is a model driven synchronously: commands are run only where a test says so.
type harness struct {
	t   *testing.T
	m   *Model
	mgr *session.Manager
}

func newHarness(t *testing.T, w, h int) *harness {
	return newHarnessStreams(t, w, h, func(s *scriptStream) session.Stream { return s })
}

// newHarnessStreams is newHarness with each session's stream wrapped by wrap.
func newHarnessStreams(t *testing.T, w, h int, wrap func(*scriptStream) session.Stream) *harness {
	hs := &harness{t: t}
	hs.mgr = session.NewManager(session.Options{Dialer: session.DialerFunc(
		func(ctx context.Context, tg session.Target, cmd []string, cols, rows int) (session.Stream, error) {
			return wrap(newScriptStream(fmt.Sprintf("\x1b[1;32m%s\x1b[m %s \x1b[38;5;208mready\x1b[m\r\n$ ", tg.Pod, strings.Join(cmd, " ")))), nil
		})})
	t.Cleanup(hs.mgr.Close)
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	hs.m = New(Options{Backend: newStaticBackend(t, now), Sessions: hs.mgr, Keys: keymap.Default(), Styles: styles.Default(),
		Endpoint: "http://127.0.0.1:8443 (local)", Local: true, Now: func() time.Time { return now }})
	hs.m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	hs.run(fetchNamespaces(hs.m.opts.Backend))
	return hs
}

// run executes cmd and feeds its message (and follow-up watch messages) back into the model.
func (hs *harness) run(cmd tea.Cmd) {
	for cmd != nil {
		msg := cmd()
		switch msg.(type) {
		case namespacesMsg, watchStartedMsg:
		case podsMsg:
			hs.m.Update(msg)
			return
		default:
			return
		}
		_, cmd = hs.m.Update(msg)
	}
}

func (hs *harness) key(s string) {
	var k tea.KeyPressMsg
	switch s {
	case "enter":
		k = tea.KeyPressMsg{Code: tea.KeyEnter}
	case "tab":
		k = tea.KeyPressMsg{Code: tea.KeyTab}
	case "esc":
		k = tea.KeyPressMsg{Code: tea.KeyEscape}
	case "down":
		k = tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		k = tea.KeyPressMsg{Code: tea.KeyUp}
	case "ctrl+b":
		k = tea.KeyPressMsg{Code: 'b', Mod: tea.ModCtrl}
	case "[":
		k = tea.KeyPressMsg{Code: '[', Text: "["}
	default:
		r := []rune(s)[0]
		k = tea.KeyPressMsg{Code: r, Text: s}
		if s == " " {
			k = tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
		}
	}
	_, cmd := hs.m.Update(k)
	hs.m.EndBurst() // as Bubble Tea does before the View after a lone key
	hs.run(cmd)
}

func (hs *harness) typeText(s string) {
	for _, r := range s {
		hs.key(string(r))
	}
}

// screen renders the model's view through the engine, as a terminal shows it.
func (hs *harness) screen(w, h int) string {
	t := term.New(w, h)
	_, _ = t.Write([]byte(strings.ReplaceAll(hs.m.View().Content, "\n", "\r\n")))
	return strings.Join(t.ScreenText(), "\n") + "\n"
}

// waitSessions waits until every session printed its greeting.
func (hs *harness) waitSessions(n int) {
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		ready := 0
		for _, s := range hs.mgr.Sessions() {
			var txt string
			s.View(func(t *term.Terminal) { txt = strings.Join(t.ScreenText(), "\n") })
			if strings.Contains(txt, "$") {
				ready++
			}
		}
		if ready >= n {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	hs.t.Fatalf("sessions did not print")
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./ui -run Golden -update to create it)", err)
	}
	if string(want) != got {
		t.Fatalf("frame %s differs from golden; got:\n%s\nwant:\n%s", name, got, want)
	}
}

func TestGoldenBrowser(t *testing.T) {
	hs := newHarness(t, 120, 40)
	hs.key("tab")
	hs.key("j")
	hs.key(" ")
	golden(t, "browser_120x40", hs.screen(120, 40))
}

func TestGoldenWorkspace2x2(t *testing.T) {
	hs := newHarness(t, 120, 40)
	hs.key("tab")
	hs.key("/")
	hs.typeText("cart")
	hs.key("enter")
	hs.key("enter") // shell on cart in a new tab
	hs.key("ctrl+b")
	hs.key("%") // split right: pick mode, cart preselected
	hs.key("enter")
	hs.key("ctrl+b")
	hs.key("\"") // split the right pane below
	hs.key("enter")
	hs.key("ctrl+b")
	hs.key("h") // focus the left pane
	hs.key("ctrl+b")
	hs.key("\"")
	hs.key("enter")
	hs.waitSessions(4)
	if n := hs.m.ws.cur().tree.Count(); n != 4 {
		t.Fatalf("tab has %d panes, want 4", n)
	}
	golden(t, "workspace_2x2_120x40", hs.screen(120, 40))
}
