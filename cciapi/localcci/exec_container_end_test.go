package localcci_test

import (
	"testing"
	"time"

	"github.com/podmux/podmux/cciapi"
)

// podChanger is the part of the server a test changes pods with.
type podChanger interface {
	UpdatePod(string, string, func(*cciapi.Pod)) error
	DeletePod(string, string) error
}

// An exec's processes end with their container, as in a real pod: when the container crashes
// (its state leaves Running) or the pod is deleted, the command ends with exit code 137 (issue
// 15 item 12: a shell in the crashlooping or a deleted pod kept running).
func TestExecEndsWithItsContainer(t *testing.T) {
	for _, tc := range []struct {
		name string
		end  func(s podChanger) error
	}{
		{"container crashes", func(s podChanger) error {
			return s.UpdatePod("test", "box", func(p *cciapi.Pod) {
				for i := range p.Status.ContainerStatuses {
					p.Status.ContainerStatuses[i].State = cciapi.ContainerState{Terminated: &cciapi.ContainerStateTerminated{ExitCode: 2, Reason: "Error"}}
				}
			})
		}},
		{"pod deleted", func(s podChanger) error {
			return s.DeletePod("test", "box")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := execServer(t)
			c, err := cciapi.NewClient(cciapi.Config{Endpoint: in.URL, Auth: cciapi.TokenAuth(in.Token())})
			if err != nil {
				t.Fatal(err)
			}
			type result struct {
				code int
				err  error
			}
			done := make(chan result, 1)
			go func() {
				_, code, err := clientExec(t, c, cciapi.ExecOptions{Command: []string{"sh", "-c", "echo up; exec sleep 60"}, Stdout: true})
				done <- result{code, err}
			}()
			// An unrelated update leaves it running.
			time.Sleep(300 * time.Millisecond)
			if err := in.Server.UpdatePod("test", "box", func(p *cciapi.Pod) { p.Metadata.Labels = map[string]string{"x": "y"} }); err != nil {
				t.Fatal(err)
			}
			select {
			case r := <-done:
				t.Fatalf("ended on an unrelated update: %+v", r)
			case <-time.After(300 * time.Millisecond):
			}
			if err := tc.end(in.Server); err != nil {
				t.Fatal(err)
			}
			select {
			case r := <-done:
				if r.code != 137 {
					t.Fatalf("exit %d (%v), want 137", r.code, r.err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("the command outlived its container")
			}
		})
	}
}
