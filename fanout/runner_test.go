package fanout

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/cciapi/localcci"
)

func fleetClient(t *testing.T) (*cciapi.Client, *localcci.Instance) {
	t.Helper()
	in, err := localcci.Start(localcci.Options{Fleet: true, WorkDir: t.TempDir()}, "", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = in.Close() })
	c, err := cciapi.NewClient(cciapi.Config{Endpoint: in.URL, Auth: cciapi.TokenAuth(in.Token())})
	if err != nil {
		t.Fatal(err)
	}
	return c, in
}

func workers(n int) []Target {
	var ts []Target
	for i := range n {
		ts = append(ts, Target{Namespace: localcci.FleetNS, Pod: fmt.Sprintf("worker-%d", i), Container: "worker"})
	}
	return ts
}

func TestRunBoundsOutputPerPod(t *testing.T) {
	c, _ := fleetClient(t)
	const limit = 4096
	var mu sync.Mutex
	lines := map[int]int{}
	run := Start(context.Background(), c, workers(3), []string{"sh", "-c", "yes podmux | head -c 100000"}, Options{
		MaxOutput: limit,
		OnLine: func(i int, s Stream, l []byte) {
			mu.Lock()
			lines[i]++
			mu.Unlock()
		},
	})
	for i, r := range run.Wait() {
		if !r.OK() || len(r.Stdout) != limit || r.Truncated != 100000-limit || r.OutBytes != 100000 {
			t.Errorf("pod %d: %s, kept %d, truncated %d, received %d", i, r.StateText(), len(r.Stdout), r.Truncated, r.OutBytes)
		}
		if !strings.HasPrefix(string(r.Stdout), "podmux\npodmux\n") || r.FirstLine != "podmux" {
			t.Errorf("pod %d: kept %q…, first line %q", i, r.Stdout[:20], r.FirstLine)
		}
		// Lines are handed out whole, all of them (not only the kept ones).
		if lines[i] != 100000/7+1 {
			t.Errorf("pod %d: %d lines, want %d", i, lines[i], 100000/7+1)
		}
		if a := Answer(r); !strings.Contains(a, TruncationMarker(100000-limit)) {
			t.Errorf("answer lacks the truncation marker: %q", a[len(a)-80:])
		}
	}
}

func TestRunCancelEndsEveryPod(t *testing.T) {
	c, in := fleetClient(t)
	run := Start(context.Background(), c, workers(20), []string{"sleep", "30"}, Options{MaxParallel: 5})
	deadline := time.Now().Add(20 * time.Second)
	for {
		if running, _, _ := in.Server.ExecProcesses(); running == 5 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("5 processes did not start")
		}
		time.Sleep(10 * time.Millisecond)
	}
	run.Cancel()
	rs := run.Wait()
	for _, r := range rs {
		if r.State != Cancelled {
			t.Errorf("%s: %s, want cancelled", r.Pod, r.StateText())
		}
	}
	if _, _, total := in.Server.ExecProcesses(); total != 5 {
		t.Errorf("%d processes started, want 5", total)
	}
}
