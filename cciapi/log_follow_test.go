package cciapi_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/cciapi/localcci"
)

// cutProxy forwards loopback TCP connections to a server and can cut every open one, as a
// network failure would, while still accepting new connections.
type cutProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	conns  []net.Conn
	wg     sync.WaitGroup
}

func newCutProxy(t *testing.T, target string) *cutProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cutProxy{ln: ln, target: target}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			p.wg.Add(2)
			go func() { defer p.wg.Done(); _, _ = io.Copy(s, c); s.Close() }()
			go func() { defer p.wg.Done(); _, _ = io.Copy(c, s); c.Close() }()
		}
	}()
	t.Cleanup(func() { ln.Close(); p.cut(); p.wg.Wait() })
	return p
}

// cut closes every connection open now.
func (p *cutProxy) cut() {
	p.mu.Lock()
	cs := p.conns
	p.conns = nil
	p.mu.Unlock()
	for _, c := range cs {
		c.Close()
	}
}

func counterFixture() *localcci.Fixture {
	return &localcci.Fixture{Namespaces: []localcci.FixtureNamespace{{Name: "t", Pods: []localcci.FixturePod{{
		Name: "counter", Age: "1m",
		Containers: []localcci.FixtureContainer{{Name: "c", Log: localcci.LogCounter}},
	}}}}}
}

// A followed log whose TCP connection is cut twice resumes each time with no line repeated
// and none missing (the log counts its lines), and marks each place with one Gap line.
func TestLogFollowerResumesAfterCut(t *testing.T) {
	in, err := localcci.Start(localcci.Options{Fixture: counterFixture(), LogInterval: 2 * time.Millisecond}, "", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = in.Close() })
	u, _ := url.Parse(in.URL)
	px := newCutProxy(t, u.Host)
	c, err := cciapi.NewClient(cciapi.Config{Endpoint: "http://" + px.ln.Addr().String(), Auth: cciapi.TokenAuth(in.Token())})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	f := &cciapi.LogFollower{Client: c, Namespace: "t", Pod: "counter", Backoff: 20 * time.Millisecond,
		Options: cciapi.LogOptions{Follow: true, TailLines: cciapi.Int64(10)}}
	var (
		prev    = -1
		n       int
		gaps    int
		errDone = errors.New("done")
	)
	err = f.Run(ctx, func(l cciapi.LogLine) error {
		if l.Gap {
			gaps++
			if !strings.Contains(l.Text, "resumed") {
				t.Errorf("gap marker %q does not say the log resumed", l.Text)
			}
			return nil
		}
		var k int
		if _, err := fmt.Sscanf(l.Text, "line %d", &k); err != nil {
			return fmt.Errorf("line %q is not a counter line", l.Text)
		}
		if l.Time.IsZero() {
			return fmt.Errorf("line %q has no timestamp", l.Text)
		}
		if prev >= 0 && k != prev+1 {
			return fmt.Errorf("after line %d came line %d (gaps so far %d): lines lost or repeated", prev, k, gaps)
		}
		prev = k
		n++
		switch n {
		case 100, 300:
			px.cut()
		case 600:
			return errDone
		}
		return nil
	})
	if !errors.Is(err, errDone) {
		t.Fatalf("Run: %v after %d lines", err, n)
	}
	if gaps != 2 {
		t.Fatalf("%d gap markers for 2 cuts", gaps)
	}
}

// A followed log ends, with the run's last lines, when its container stops, and Run says so.
func TestLogFollowerEndsWhenContainerStops(t *testing.T) {
	in, c := restServer(t, localcci.Options{Fixture: counterFixture(), LogInterval: 10 * time.Millisecond})
	ctx := restCtx(t)
	f := &cciapi.LogFollower{Client: c, Namespace: "t", Pod: "counter", Options: cciapi.LogOptions{Follow: true, TailLines: cciapi.Int64(0)}}
	var lines []string
	err := f.Run(ctx, func(l cciapi.LogLine) error {
		lines = append(lines, l.Text)
		if len(lines) == 5 {
			_ = in.Server.UpdatePod("t", "counter", func(p *cciapi.Pod) {
				cs := &p.Status.ContainerStatuses[0]
				cs.State = cciapi.ContainerState{Terminated: &cciapi.ContainerStateTerminated{
					ExitCode: 2, Reason: "Error", StartedAt: cs.State.Running.StartedAt, FinishedAt: time.Now()}}
			})
		}
		return nil
	})
	if !errors.Is(err, cciapi.ErrLogEnded) || !strings.Contains(err.Error(), "terminated: Error (exit code 2)") {
		t.Fatalf("Run: %v, want the log ended because the container terminated", err)
	}
	if len(lines) < 5 || lines[len(lines)-1] != "exit status 2" {
		t.Fatalf("lines %q: want the run's crash at the end", lines)
	}
}

func TestLogFollowerRefused(t *testing.T) {
	_, c := restServer(t, localcci.Options{})
	f := &cciapi.LogFollower{Client: c, Namespace: "shop", Pod: "nope", Options: cciapi.LogOptions{Follow: true}}
	err := f.Run(restCtx(t), func(cciapi.LogLine) error { return nil })
	if !cciapi.IsNotFound(err) {
		t.Fatalf("missing pod: %v, want a 404", err)
	}
	f = &cciapi.LogFollower{Client: c, Namespace: "data", Pod: "redis-0", Options: cciapi.LogOptions{Previous: true}}
	err = f.Run(restCtx(t), func(cciapi.LogLine) error { return nil })
	if statusCodeOf(err) != 400 || !strings.Contains(err.Error(), "previous terminated container") {
		t.Fatalf("previous of a container that never restarted: %v, want a 400", err)
	}
}

func TestParseLogLine(t *testing.T) {
	for _, tc := range []struct {
		in, text string
		ok       bool
		nanos    int
	}{
		{"2026-12-04T13:42:56.123456789Z hello world\n", "hello world", true, 123456789},
		{"2026-12-04T13:42:56Z x", "x", true, 0},
		{"2026-12-04T13:42:56.5+01:00 y\r\n", "y", true, 500000000},
		{"2026-12-04T13:42:56.000000000Z", "", true, 0},
		{"hello world", "hello world", false, 0},
		{"2026-13-04T13:42:56Z bad month", "2026-13-04T13:42:56Z bad month", false, 0},
		{"", "", false, 0},
	} {
		tm, text, ok := cciapi.ParseLogLine(tc.in)
		if ok != tc.ok || text != tc.text || ok && tm.Nanosecond() != tc.nanos {
			t.Errorf("ParseLogLine(%q) = %v, %q, %v", tc.in, tm, text, ok)
		}
	}
}

func TestPodEvents(t *testing.T) {
	_, c := restServer(t, localcci.Options{})
	ctx := restCtx(t)
	evs, err := c.PodEvents(ctx, "shop", "checkout-6f4d8b7c9-mn3vb")
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) == 0 || evs[0].Reason != "BackOff" || evs[0].Type != "Warning" || evs[0].Count < 2 {
		t.Fatalf("crashlooping pod's newest event: %+v, want a Warning BackOff", evs)
	}
	reasons := map[string]bool{}
	for i, e := range evs {
		reasons[e.Reason] = true
		if e.InvolvedObject.Name != "checkout-6f4d8b7c9-mn3vb" {
			t.Errorf("event about %q in the pod's events", e.InvolvedObject.Name)
		}
		if i > 0 && e.Last().After(evs[i-1].Last()) {
			t.Errorf("events not newest first: %v after %v", e.Last(), evs[i-1].Last())
		}
	}
	for _, r := range []string{"Scheduled", "Pulling", "Pulled", "Created", "Started"} {
		if !reasons[r] {
			t.Errorf("no %s event: %v", r, reasons)
		}
	}
	if _, err := c.ListEvents(ctx, "shop", "spec.nodeName=x"); statusCodeOf(err) != 400 {
		t.Fatalf("unsupported field selector: %v, want 400", err)
	}
	if _, err := c.ListEvents(ctx, "nope", ""); !cciapi.IsNotFound(err) {
		t.Fatalf("missing namespace: %v, want 404", err)
	}
}

// Lines that arrive together say so (More), and the last of a burst does not, so a consumer
// batching on More never holds a line back.
func TestLogFollowerMore(t *testing.T) {
	_, c := restServer(t, localcci.Options{Fixture: counterFixture(), LogInterval: 10 * time.Millisecond})
	f := &cciapi.LogFollower{Client: c, Namespace: "t", Pod: "counter", Options: cciapi.LogOptions{TailLines: cciapi.Int64(50)}}
	var more []bool
	if err := f.Run(restCtx(t), func(l cciapi.LogLine) error { more = append(more, l.More); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(more) != 50 || !more[0] || more[49] {
		t.Fatalf("More of 50 lines read at once: %v; want the first set, the last not", more)
	}
}
