package cciapi_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/cciapi/localcci"
)

// shapedServer starts a local server with opts and a client polling every 50 ms.
func shapedServer(t *testing.T, opts localcci.Options) (*localcci.Instance, *cciapi.Client) {
	t.Helper()
	in, err := localcci.Start(opts, "", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = in.Close() })
	c, err := cciapi.NewClient(cciapi.Config{Endpoint: in.URL, Auth: cciapi.TokenAuth(in.Token()), PollInterval: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return in, c
}

// TestCCIDocsListShape: the cci-docs server answers lists exactly as the reference's example
// (kind List, apiVersion v1, empty resourceVersion, items of apiVersion cci/v2), and the client
// reads them.
func TestCCIDocsListShape(t *testing.T) {
	in, c := shapedServer(t, localcci.Options{APIShape: localcci.ShapeCCIDocs})
	for _, path := range []string{"/namespaces/shop/pods", "/namespaces/shop/pods?watch=true", "/pods", "/namespaces"} {
		req, _ := http.NewRequest("GET", in.URL+cciapi.APIPrefix+path, nil)
		req.Header.Set("X-Auth-Token", in.Token())
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var raw struct {
			APIVersion, Kind string
			Metadata         map[string]any
			Items            []struct{ APIVersion, Kind string }
		}
		err = json.NewDecoder(resp.Body).Decode(&raw)
		resp.Body.Close()
		if err != nil || raw.Kind != "List" || raw.APIVersion != "v1" || raw.Metadata["resourceVersion"] != nil || len(raw.Items) == 0 {
			t.Fatalf("%s: %+v (%v), want kind List, apiVersion v1, no resourceVersion, items", path, raw, err)
		}
		if path != "/namespaces" && raw.Items[0].APIVersion != cciapi.APIVersion {
			t.Fatalf("%s: item apiVersion %q", path, raw.Items[0].APIVersion)
		}
	}
	l, err := c.ListAllPods(restCtx(t), "shop")
	if err != nil || len(l.Items) != 4 || l.Metadata.ResourceVersion != "" {
		t.Fatalf("ListAllPods: %v items, rv %q, err %v", podNames(l.Items), l.Metadata.ResourceVersion, err)
	}
}

// pollingSees checks that WatchPods on a server that cannot watch reports Polling (never an
// error) and picks up a pod added later.
func pollingSees(t *testing.T, in *localcci.Instance, c *cciapi.Client) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := c.WatchPods(ctx, "batch")
	waitUpdate(t, ch, "polling mark", func(u cciapi.PodUpdate) bool {
		if u.Err != nil {
			t.Fatalf("update with error %v: a server without watch must not be an error", u.Err)
		}
		return u.Polling && len(u.Pods) == 3
	})
	if err := in.Server.AddPod("batch", cciapi.Pod{Metadata: cciapi.ObjectMeta{Name: "late"}}); err != nil {
		t.Fatal(err)
	}
	waitUpdate(t, ch, "late pod by polling", func(u cciapi.PodUpdate) bool {
		if u.Err != nil {
			t.Fatalf("update with error %v", u.Err)
		}
		return findPod(u.Pods, "late") != nil
	})
}

func TestWatchPodsPollsWhenWatchIgnored(t *testing.T) {
	in, c := shapedServer(t, localcci.Options{APIShape: localcci.ShapeCCIDocs})
	pollingSees(t, in, c)
}

func TestWatchPodsPollsWhenWatchRefused(t *testing.T) {
	in, c := shapedServer(t, localcci.Options{NoWatch: true})
	pollingSees(t, in, c)
}

// TestWatchPodsPollsOnPrettyPrintedList: a plain list spread over many lines (indented JSON) in
// answer to watch=true is recognised too.
func TestWatchPodsPollsOnPrettyPrintedList(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		b, _ := json.MarshalIndent(cciapi.PodList{TypeMeta: cciapi.TypeMeta{Kind: "List", APIVersion: "v1"},
			Items: []cciapi.Pod{{Metadata: cciapi.ObjectMeta{Name: "p" + strings.Repeat("x", int(n.Load()%2))}}}}, "", "  ")
		_, _ = w.Write(b)
	}))
	defer srv.Close()
	c, _ := cciapi.NewClient(cciapi.Config{Endpoint: srv.URL, PollInterval: 20 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := c.WatchPods(ctx, "ns")
	waitUpdate(t, ch, "polling", func(u cciapi.PodUpdate) bool {
		if u.Err != nil {
			t.Fatalf("error %v", u.Err)
		}
		return u.Polling
	})
}

// TestWatchPodsFromEmptyResourceVersion: a list without resourceVersion starts the watch from
// "" (the server sends ADDED for what exists), and later changes still arrive through the watch.
func TestWatchPodsFromEmptyResourceVersion(t *testing.T) {
	s, err := localcci.New(localcci.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	var watchRVs []string
	var mu = make(chan struct{}, 1)
	mu <- struct{}{}
	srv := restHTTPTest(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("watch") == "true" {
			<-mu
			watchRVs = append(watchRVs, r.URL.Query().Get("resourceVersion"))
			mu <- struct{}{}
			s.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, r)
		var l cciapi.PodList
		_ = json.Unmarshal(rec.Body.Bytes(), &l)
		l.Metadata.ResourceVersion = ""
		_ = json.NewEncoder(w).Encode(l)
	}))
	c, _ := cciapi.NewClient(cciapi.Config{Endpoint: srv.URL, Auth: cciapi.TokenAuth(s.Token())})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := c.WatchPods(ctx, "batch")
	waitUpdate(t, ch, "list", func(u cciapi.PodUpdate) bool { return len(u.Pods) == 3 })
	if err := s.AddPod("batch", cciapi.Pod{Metadata: cciapi.ObjectMeta{Name: "late"}}); err != nil {
		t.Fatal(err)
	}
	u := waitUpdate(t, ch, "watched pod", func(u cciapi.PodUpdate) bool { return findPod(u.Pods, "late") != nil })
	if u.Err != nil || u.Polling {
		t.Fatalf("update %+v: want a watch, no error", u)
	}
	<-mu
	defer func() { mu <- struct{}{} }()
	if len(watchRVs) == 0 || watchRVs[0] != "" {
		t.Fatalf("watch resourceVersions %q, want the first empty", watchRVs)
	}
}

// TestThrottleHonoursRetryAfter: every second request is answered 429 with Retry-After: 1; lists
// still succeed, each retried after at least a second.
func TestThrottleHonoursRetryAfter(t *testing.T) {
	in, c := shapedServer(t, localcci.Options{Throttle: 2, ThrottleRetryAfter: time.Second})
	start := time.Now()
	for range 2 {
		if _, err := c.ListNamespaces(restCtx(t)); err != nil {
			t.Fatal(err)
		}
	}
	if in.Server.Throttled() != 1 {
		t.Fatalf("%d throttled answers, want 1", in.Server.Throttled())
	}
	if d := time.Since(start); d < 950*time.Millisecond {
		t.Fatalf("two lists with one 429 (Retry-After 1) took %v", d)
	}
}

// TestThrottleBacksOffWithoutRetryAfter: a server that always answers 429 without Retry-After is
// retried with growing delays (250 ms, 500 ms, ±20 %), then the 429 is returned.
func TestThrottleBacksOffWithoutRetryAfter(t *testing.T) {
	var times []time.Time
	srv := restHTTPTest(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		times = append(times, time.Now())
		localcci.WriteStatus(w, http.StatusTooManyRequests, "TooManyRequests", "slow down")
	}))
	c, _ := cciapi.NewClient(cciapi.Config{Endpoint: srv.URL, ThrottleRetries: 2})
	_, err := c.ListNamespaces(restCtx(t))
	if !cciapi.IsThrottled(err) || len(times) != 3 {
		t.Fatalf("err %v after %d requests, want a 429 after 3", err, len(times))
	}
	g1, g2 := times[1].Sub(times[0]), times[2].Sub(times[1])
	if g1 < 200*time.Millisecond || g2 < 400*time.Millisecond || g2 < g1 {
		t.Fatalf("gaps %v, %v: want about 250 ms then 500 ms", g1, g2)
	}
}

// TestThrottleOnLogsWatchAndExec: with every other request throttled (no Retry-After), logs,
// watches and exec dials all get through.
func TestThrottleOnLogsWatchAndExec(t *testing.T) {
	in, err := localcci.Start(localcci.Options{Fixture: execFixture(), WorkDir: t.TempDir(), Throttle: 2}, "", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = in.Close() })
	c := newClient(t, in, "", 0)
	for range 2 {
		r := run(t, c, cciapi.ExecOptions{Command: []string{"echo", "hi"}, Stdout: true}, nil)
		if r.err != nil || r.stdout != "hi\n" {
			t.Fatalf("exec through throttling: %+v", r)
		}
	}
	for range 2 {
		tail := int64(2)
		rc, err := c.PodLogs(restCtx(t), "test", "box", cciapi.LogOptions{TailLines: &tail})
		if err != nil {
			t.Fatalf("log through throttling: %v", err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if strings.Count(string(b), "\n") != 2 {
			t.Fatalf("log %q", b)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := c.WatchPods(ctx, "test")
	u := waitUpdate(t, ch, "watch", func(u cciapi.PodUpdate) bool { return len(u.Pods) == 2 })
	if u.Err != nil {
		t.Fatal(u.Err)
	}
	if in.Server.Throttled() < 3 {
		t.Fatalf("only %d requests throttled", in.Server.Throttled())
	}
}

// TestWatchPodsAllNamespaces: ns "" lists GET /pods (namespace, then name order) and watches it;
// when the server refuses that path, it lists namespace by namespace and polls.
func TestWatchPodsAllNamespaces(t *testing.T) {
	for _, noAll := range []bool{false, true} {
		in, c := shapedServer(t, localcci.Options{NoAllPods: noAll})
		ctx, cancel := context.WithCancel(context.Background())
		ch := c.WatchPods(ctx, "")
		u := waitUpdate(t, ch, "all pods", func(u cciapi.PodUpdate) bool { return len(u.Pods) > 8 })
		if u.Err != nil || u.Polling != noAll {
			t.Fatalf("noAll %v: err %v polling %v", noAll, u.Err, u.Polling)
		}
		keys := make([]string, len(u.Pods))
		for i, p := range u.Pods {
			keys[i] = p.Metadata.Namespace + "/" + p.Metadata.Name
		}
		if !slices.IsSorted(keys) || !strings.HasPrefix(keys[0], "batch/") {
			t.Fatalf("noAll %v: order %v", noAll, keys)
		}
		// The same name in two namespaces is two pods.
		for _, ns := range []string{"batch", "shop"} {
			if err := in.Server.AddPod(ns, cciapi.Pod{Metadata: cciapi.ObjectMeta{Name: "twin"}}); err != nil {
				t.Fatal(err)
			}
		}
		waitUpdate(t, ch, "twins", func(u cciapi.PodUpdate) bool {
			n := 0
			for _, p := range u.Pods {
				if p.Metadata.Name == "twin" {
					n++
				}
			}
			return n == 2
		})
		cancel()
	}
}

// TestEventsInEveryShape: a pod's events read the same from the default, the cci-docs and a
// throttling server.
func TestEventsInEveryShape(t *testing.T) {
	for _, opts := range []localcci.Options{{}, {APIShape: localcci.ShapeCCIDocs}, {Throttle: 2}} {
		_, c := shapedServer(t, opts)
		for range 2 {
			evs, err := c.PodEvents(restCtx(t), "shop", "checkout-6f4d8b7c9-mn3vb")
			if err != nil {
				t.Fatalf("%+v: %v", opts, err)
			}
			backoff := false
			for _, e := range evs {
				backoff = backoff || e.Reason == "BackOff"
			}
			if !backoff {
				t.Fatalf("%+v: no BackOff among %d events", opts, len(evs))
			}
		}
	}
}

// TestWatchSelectedTransitions: a label-selected watch sees a pod that starts matching as added
// and one that stops matching as gone (the server sends ADDED/DELETED, as kube-apiserver does).
func TestWatchSelectedTransitions(t *testing.T) {
	in, c := shapedServer(t, localcci.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := c.WatchPodsSelected(ctx, "shop", "app=web")
	waitUpdate(t, ch, "two web pods", func(u cciapi.PodUpdate) bool { return len(u.Pods) == 2 && !u.Polling })
	relabel := func(name, app string) {
		if err := in.Server.UpdatePod("shop", name, func(p *cciapi.Pod) { p.Metadata.Labels["app"] = app }); err != nil {
			t.Fatal(err)
		}
	}
	relabel("web-7d9f8b6c4-x2kqp", "canary")
	waitUpdate(t, ch, "one gone", func(u cciapi.PodUpdate) bool {
		return len(u.Pods) == 1 && findPod(u.Pods, "web-7d9f8b6c4-x2kqp") == nil
	})
	relabel("cart-5c6b7d9f8-qw8rt", "web")
	waitUpdate(t, ch, "cart joined", func(u cciapi.PodUpdate) bool {
		return len(u.Pods) == 2 && findPod(u.Pods, "cart-5c6b7d9f8-qw8rt") != nil
	})
}

// TestWatchPodsPollsOnWatch404: a server that lists but answers watch=true with 404 (no such
// path for watches) is polled, quietly.
func TestWatchPodsPollsOnWatch404(t *testing.T) {
	s, err := localcci.New(localcci.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	srv := restHTTPTest(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("watch") == "true" {
			localcci.WriteStatus(w, http.StatusNotFound, "NotFound", "the server could not find the requested resource")
			return
		}
		s.ServeHTTP(w, r)
	}))
	c, _ := cciapi.NewClient(cciapi.Config{Endpoint: srv.URL, Auth: cciapi.TokenAuth(s.Token()), PollInterval: 50 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := c.WatchPods(ctx, "batch")
	waitUpdate(t, ch, "polling", func(u cciapi.PodUpdate) bool {
		if u.Err != nil {
			t.Fatalf("error %v", u.Err)
		}
		return u.Polling && len(u.Pods) == 3
	})
	if err := s.DeletePod("batch", "sandbox"); err != nil {
		t.Fatal(err)
	}
	waitUpdate(t, ch, "deleted pod gone by polling", func(u cciapi.PodUpdate) bool { return findPod(u.Pods, "sandbox") == nil })
}
