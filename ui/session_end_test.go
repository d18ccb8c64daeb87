package ui

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/keymap"
	"github.com/podmux/podmux/session"
	"github.com/podmux/podmux/ui/styles"
)

// killedStream prints a prompt and ends as a process killed with its container does (137).
type killedStream struct{ r io.Reader }

func (s killedStream) Stdin() io.WriteCloser    { return nopWC{} }
func (s killedStream) Stdout() io.Reader        { return s.r }
func (s killedStream) Resize(w, h uint16) error { return nil }
func (s killedStream) Close() error             { return nil }
func (s killedStream) Wait() (int, error)       { return 137, nil }

// A pane whose shell ended with its container says why, from the pods watch: the pod was
// deleted, or the container crashed (issue 15 item 12).
func TestPaneSaysWhyItsContainerWentAway(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(pods []cciapi.Pod, name string) []cciapi.Pod
		want   string
	}{
		{"deleted", func(pods []cciapi.Pod, name string) []cciapi.Pod {
			var out []cciapi.Pod
			for _, p := range pods {
				if p.Metadata.Name != name {
					out = append(out, p)
				}
			}
			return out
		}, "[podmux] the pod %s was deleted"},
		{"crashed", func(pods []cciapi.Pod, name string) []cciapi.Pod {
			out := append([]cciapi.Pod(nil), pods...)
			for i := range out {
				if out[i].Metadata.Name == name {
					cs := append([]cciapi.ContainerStatus(nil), out[i].Status.ContainerStatuses...)
					for j := range cs {
						cs[j].State = cciapi.ContainerState{Terminated: &cciapi.ContainerStateTerminated{ExitCode: 2, Reason: "Error"}}
					}
					out[i].Status.ContainerStatuses = cs
				}
			}
			return out
		}, "[podmux] container %s terminated (Error, exit code 2)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mgr := session.NewManager(session.Options{Dialer: session.DialerFunc(
				func(ctx context.Context, tg session.Target, cmd []string, cols, rows int) (session.Stream, error) {
					return killedStream{strings.NewReader("$ ")}, nil
				})})
			t.Cleanup(mgr.Close)
			now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
			hs := &harness{t: t, mgr: mgr}
			hs.m = New(Options{Backend: newStaticBackend(t, now), Sessions: mgr, Keys: keymap.Default(), Styles: styles.Default(),
				Now: func() time.Time { return now }})
			hs.m.Update(tea.WindowSizeMsg{Width: 160, Height: 30})
			hs.run(fetchNamespaces(hs.m.opts.Backend))
			hs.key("tab")
			pod := hs.m.br.selectedPod()
			hs.key("enter")
			p := hs.m.ws.focused()
			if p == nil {
				t.Fatal("no pane")
			}
			tg := p.sess.Target()
			hs.m.br.pods = tc.change(hs.m.br.pods, pod.Metadata.Name)
			deadline := time.Now().Add(5 * time.Second)
			for !p.sess.Status().Ended() && time.Now().Before(deadline) {
				time.Sleep(5 * time.Millisecond)
			}
			hs.m.noteEvents([]session.Event{{ID: p.sess.ID(), Status: p.sess.Status()}})
			arg := tg.Pod
			if tc.name == "crashed" {
				arg = tg.Container
			}
			want := strings.Replace(tc.want, "%s", arg, 1)
			if scr := hs.screen(160, 30); !strings.Contains(scr, want) {
				t.Fatalf("pane does not say %q:\n%s", want, scr)
			}
			if !strings.Contains(hs.m.statusText, "exited with code 137") {
				t.Fatalf("status %q", hs.m.statusText)
			}
		})
	}
}
