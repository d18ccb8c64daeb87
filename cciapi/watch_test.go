package cciapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/cciapi/localcci"
)

func restHTTPTest(t *testing.T, h http.Handler) *httptest.Server {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// waitUpdate reads updates until ok accepts one, failing the test at a generous deadline.
func waitUpdate(t *testing.T, ch <-chan cciapi.PodUpdate, what string, ok func(cciapi.PodUpdate) bool) cciapi.PodUpdate {
	t.Helper()
	deadline := time.After(15 * time.Second)
	var last cciapi.PodUpdate
	for {
		select {
		case u, open := <-ch:
			if !open {
				t.Fatalf("%s: channel closed; last update %v (err %v)", what, podNames(last.Pods), last.Err)
			}
			last = u
			if ok(u) {
				return u
			}
		case <-deadline:
			t.Fatalf("%s: no such update; last %v (err %v)", what, podNames(last.Pods), last.Err)
		}
	}
}

func findPod(pods []cciapi.Pod, name string) *cciapi.Pod {
	for i := range pods {
		if pods[i].Metadata.Name == name {
			return &pods[i]
		}
	}
	return nil
}

func TestWatchPodsSeesServerChanges(t *testing.T) {
	in, c := restServer(t, localcci.Options{BookmarkInterval: 20 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := c.WatchPods(ctx, "shop")
	first := waitUpdate(t, ch, "initial list", func(u cciapi.PodUpdate) bool { return u.Err == nil })
	names := podNames(first.Pods)
	if len(names) != 4 || !slices.IsSorted(names) {
		t.Fatalf("initial snapshot %v, want the 4 shop pods sorted by name", names)
	}
	cart := names[0]

	if err := in.Server.UpdatePod("shop", cart, func(p *cciapi.Pod) { p.Metadata.Labels["seen"] = "yes" }); err != nil {
		t.Fatal(err)
	}
	waitUpdate(t, ch, "modified pod", func(u cciapi.PodUpdate) bool {
		p := findPod(u.Pods, cart)
		return p != nil && p.Metadata.Labels["seen"] == "yes" && len(u.Pods) == 4
	})

	added := first.Pods[0]
	added.Metadata.Name = "aaa-added"
	if err := in.Server.AddPod("shop", added); err != nil {
		t.Fatal(err)
	}
	waitUpdate(t, ch, "added pod", func(u cciapi.PodUpdate) bool {
		return len(u.Pods) == 5 && u.Pods[0].Metadata.Name == "aaa-added"
	})
	if err := in.Server.DeletePod("shop", cart); err != nil {
		t.Fatal(err)
	}
	waitUpdate(t, ch, "deleted pod", func(u cciapi.PodUpdate) bool {
		return len(u.Pods) == 4 && findPod(u.Pods, cart) == nil
	})
}

func TestWatchPodsCoalescesForSlowReader(t *testing.T) {
	in, c := restServer(t, localcci.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := c.WatchPods(ctx, "data")
	waitUpdate(t, ch, "initial list", func(u cciapi.PodUpdate) bool { return u.Err == nil })
	const n = 200
	for i := range n {
		if err := in.Server.UpdatePod("data", "redis-0", func(p *cciapi.Pod) {
			p.Status.ContainerStatuses[0].RestartCount = int32(i + 1)
		}); err != nil {
			t.Fatal(err)
		}
	}
	got := 0
	waitUpdate(t, ch, "latest state", func(u cciapi.PodUpdate) bool {
		got++
		p := findPod(u.Pods, "redis-0")
		return p != nil && p.Status.ContainerStatuses[0].RestartCount == n
	})
	if got >= n {
		t.Fatalf("reader got %d snapshots for %d changes: updates were not coalesced", got, n)
	}
}

// countingServer wraps a local server (on real loopback) and counts pod list requests.
func countingServer(t *testing.T, opts localcci.Options) (*localcci.Server, *cciapi.Client, *atomic.Int32, chan struct{}) {
	s, err := localcci.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	var lists atomic.Int32
	listed := make(chan struct{}, 16)
	srv := restHTTPTest(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/pods") && r.URL.Query().Get("watch") == "" {
			lists.Add(1)
			select {
			case listed <- struct{}{}:
			default:
			}
		}
		s.ServeHTTP(w, r)
	}))
	c, err := cciapi.NewClient(cciapi.Config{Endpoint: srv.URL, Auth: cciapi.TokenAuth(s.Token())})
	if err != nil {
		t.Fatal(err)
	}
	return s, c, &lists, listed
}

func TestWatchPodsRelistsOnGone(t *testing.T) {
	s, c, lists, listed := countingServer(t, localcci.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := c.WatchPods(ctx, "batch")
	waitUpdate(t, ch, "initial list", func(u cciapi.PodUpdate) bool { return len(u.Pods) == 3 })
	<-listed
	s.CompactHistory() // the open watch gets a 410 ERROR event
	select {
	case <-listed:
	case <-time.After(15 * time.Second):
		t.Fatalf("no relist after 410 Gone (%d lists)", lists.Load())
	}
	// The watch resumed after the relist: a later change still arrives.
	if err := s.UpdatePod("batch", "sandbox", func(p *cciapi.Pod) { p.Metadata.Labels["after"] = "relist" }); err != nil {
		t.Fatal(err)
	}
	waitUpdate(t, ch, "change after relist", func(u cciapi.PodUpdate) bool {
		p := findPod(u.Pods, "sandbox")
		return u.Err == nil && p != nil && p.Metadata.Labels["after"] == "relist"
	})
	if n := lists.Load(); n != 2 {
		t.Fatalf("%d lists, want 2 (one relist)", n)
	}
}

// TestWatchPodsRetryAfterAndHTTPGone: a 429 with Retry-After delays the next attempt at least
// that long and is reported in Err; an HTTP 410 answer to the watch request makes it list again.
func TestWatchPodsRetryAfterAndHTTPGone(t *testing.T) {
	var mu sync.Mutex
	var log []string
	var times []time.Time
	srv := restHTTPTest(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		kind := "list"
		if r.URL.Query().Get("watch") == "true" {
			kind = "watch@" + r.URL.Query().Get("resourceVersion")
		}
		log = append(log, kind)
		times = append(times, time.Now())
		n := len(log)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch {
		case n == 1:
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			_ = json.NewEncoder(w).Encode(cciapi.Status{TypeMeta: cciapi.TypeMeta{Kind: "Status"}, Code: 429, Reason: "TooManyRequests", Message: "slow down"})
		case kind == "list":
			_ = json.NewEncoder(w).Encode(cciapi.PodList{Metadata: cciapi.ListMeta{ResourceVersion: "7"},
				Items: []cciapi.Pod{{Metadata: cciapi.ObjectMeta{Name: "p"}}}})
		case n == 3:
			w.WriteHeader(http.StatusGone)
			_ = json.NewEncoder(w).Encode(cciapi.Status{TypeMeta: cciapi.TypeMeta{Kind: "Status"}, Code: 410, Reason: "Expired", Message: "too old resource version: 7 (9)"})
		default:
			w.WriteHeader(http.StatusOK)
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		}
	}))
	// No retry inside the request: this test is about the informer's own backoff.
	c, _ := cciapi.NewClient(cciapi.Config{Endpoint: srv.URL, ThrottleRetries: -1})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := c.WatchPods(ctx, "ns")
	u := waitUpdate(t, ch, "429 error", func(u cciapi.PodUpdate) bool { return u.Err != nil })
	if se, ok := u.Err.(*cciapi.StatusError); !ok || se.Code != 429 || se.RetryAfter != time.Second {
		t.Fatalf("error update %#v, want a 429 StatusError with RetryAfter 1s", u.Err)
	}
	waitUpdate(t, ch, "list after retry", func(u cciapi.PodUpdate) bool { return u.Err == nil && len(u.Pods) == 1 })
	deadline := time.Now().Add(15 * time.Second)
	for {
		mu.Lock()
		n := len(log)
		mu.Unlock()
		if n >= 5 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("requests so far: %v", log)
		}
		time.Sleep(10 * time.Millisecond) // polling a condition, not synchronising on time
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []string{"list", "list", "watch@7", "list", "watch@7"}; !slices.Equal(log[:5], want) {
		t.Fatalf("requests %v, want %v", log[:5], want)
	}
	if gap := times[1].Sub(times[0]); gap < 950*time.Millisecond {
		t.Fatalf("retried %v after a 429 with Retry-After: 1", gap)
	}
}

func TestWatchPodsNoGoroutineLeak(t *testing.T) {
	opt := goleak.IgnoreCurrent()
	in, c := restServer(t, localcci.Options{BookmarkInterval: 10 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	ch := c.WatchPods(ctx, "shop")
	waitUpdate(t, ch, "initial list", func(u cciapi.PodUpdate) bool { return u.Err == nil })
	cancel()
	timeout := time.After(10 * time.Second)
	for open := true; open; {
		select {
		case _, open = <-ch:
		case <-timeout:
			t.Fatal("channel not closed after ctx cancel")
		}
	}
	_ = in.Close()
	goleak.VerifyNone(t, opt,
		// The client's idle keep-alive connections belong to its pool, not to the watch.
		goleak.IgnoreAnyFunction("net/http.(*persistConn).readLoop"),
		goleak.IgnoreAnyFunction("net/http.(*persistConn).writeLoop"))
}
