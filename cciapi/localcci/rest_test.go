package localcci

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/podmux/podmux/cciapi"
)

// get sends an authenticated request to a started instance and returns the response.
func restGet(t *testing.T, in *Instance, method, path string) *http.Response {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, method, in.URL+cciapi.APIPrefix+path, nil)
	req.Header.Set("X-Auth-Token", in.Token())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func restStart(t *testing.T, opts Options) *Instance {
	t.Helper()
	in, err := Start(opts, "", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = in.Close() })
	return in
}

func decodeStatus(t *testing.T, resp *http.Response) cciapi.Status {
	t.Helper()
	var st cciapi.Status
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil || st.Kind != "Status" {
		t.Fatalf("answer %d is not a Status: %v", resp.StatusCode, err)
	}
	return st
}

func TestErrorsAreStatusBodies(t *testing.T) {
	in := restStart(t, Options{})
	for _, tc := range []struct {
		method, path string
		code         int
		reason       string
	}{
		{"POST", "/namespaces", 405, "MethodNotAllowed"},
		{"PUT", "/namespaces/shop/pods/sandbox", 405, "MethodNotAllowed"},
		{"DELETE", "/namespaces/shop/pods/sandbox/exec", 405, "MethodNotAllowed"},
		{"GET", "/namespaces/nope/pods", 404, "NotFound"},
		{"GET", "/namespaces/shop/pods/nope/log", 404, "NotFound"},
		{"GET", "/nonsense", 404, "NotFound"},
		{"GET", "/namespaces/shop/pods?limit=-1", 400, "BadRequest"},
		{"GET", "/namespaces/shop/pods?watch=true&resourceVersion=abc", 400, "BadRequest"},
		{"GET", "/namespaces/batch/pods/sandbox/log?tailLines=x", 400, "BadRequest"},
		{"GET", "/namespaces/data/pods/etl-loader-28813500-q7w2x/log", 400, "BadRequest"},
	} {
		resp := restGet(t, in, tc.method, tc.path)
		st := decodeStatus(t, resp)
		if resp.StatusCode != tc.code || st.Code != tc.code || st.Reason != tc.reason || st.Message == "" {
			t.Errorf("%s %s: %d %+v, want %d %s", tc.method, tc.path, resp.StatusCode, st, tc.code, tc.reason)
		}
	}
}

// watchLines opens a raw watch and returns a reader of its events.
func watchEvents(t *testing.T, in *Instance, query string) func() cciapi.WatchEvent {
	t.Helper()
	resp := restGet(t, in, "GET", "/namespaces/batch/pods?watch=true"+query)
	if resp.StatusCode != 200 {
		t.Fatalf("watch: %d", resp.StatusCode)
	}
	sc := bufio.NewScanner(resp.Body)
	return func() cciapi.WatchEvent {
		t.Helper()
		if !sc.Scan() {
			t.Fatalf("watch ended: %v", sc.Err())
		}
		var ev cciapi.WatchEvent
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			t.Fatalf("watch line %q: %v", sc.Text(), err)
		}
		return ev
	}
}

func TestWatchStream(t *testing.T) {
	in := restStart(t, Options{BookmarkInterval: 20 * time.Millisecond})
	// Without a resourceVersion: ADDED for each current pod first.
	next := watchEvents(t, in, "")
	for range 3 {
		if ev := next(); ev.Type != cciapi.EventAdded {
			t.Fatalf("initial event %s, want ADDED", ev.Type)
		}
	}
	resp := restGet(t, in, "GET", "/namespaces/batch/pods")
	var l cciapi.PodList
	_ = json.NewDecoder(resp.Body).Decode(&l)

	// From the list's resourceVersion: bookmarks, then the change.
	next = watchEvents(t, in, "&allowWatchBookmarks=true&resourceVersion="+l.Metadata.ResourceVersion)
	ev := next()
	var p cciapi.Pod
	_ = json.Unmarshal(ev.Object, &p)
	if ev.Type != cciapi.EventBookmark || p.Metadata.ResourceVersion != l.Metadata.ResourceVersion {
		t.Fatalf("first event %s rv %q, want a BOOKMARK at %s", ev.Type, p.Metadata.ResourceVersion, l.Metadata.ResourceVersion)
	}
	if err := in.Server.UpdatePod("batch", "sandbox", func(p *cciapi.Pod) { p.Status.Message = "hi" }); err != nil {
		t.Fatal(err)
	}
	for ev.Type == cciapi.EventBookmark {
		ev = next()
	}
	_ = json.Unmarshal(ev.Object, &p)
	if ev.Type != cciapi.EventModified || p.Status.Message != "hi" || p.Metadata.Namespace != "batch" {
		t.Fatalf("event %s %+v, want MODIFIED sandbox", ev.Type, p.Metadata)
	}

	// A resourceVersion older than the history: one ERROR event with a 410 Status.
	in.Server.CompactHistory()
	next = watchEvents(t, in, "&resourceVersion="+l.Metadata.ResourceVersion)
	ev = next()
	var st cciapi.Status
	_ = json.Unmarshal(ev.Object, &st)
	if ev.Type != cciapi.EventError || st.Code != 410 || st.Reason != "Expired" {
		t.Fatalf("old rv: %s %+v, want ERROR 410 Expired", ev.Type, st)
	}
}

func TestHistoryIsBounded(t *testing.T) {
	s, err := New(Options{HistorySize: 4})
	if err != nil {
		t.Fatal(err)
	}
	_, rv0, _, _ := s.store.since("batch", s.store.rv)
	for i := range 10 {
		_ = s.UpdatePod("batch", "sandbox", func(p *cciapi.Pod) { p.Status.Message = strings.Repeat("x", i) })
	}
	if n := len(s.store.history); n != 4 {
		t.Fatalf("history holds %d events, want 4", n)
	}
	if _, _, _, gone := s.store.since("batch", rv0); !gone {
		t.Fatal("a watch from before the kept history is not Gone")
	}
	if evs, _, _, gone := s.store.since("batch", s.store.rv-4); gone || len(evs) != 4 {
		t.Fatalf("watch from the oldest kept event: %d events, gone %v; want 4, false", len(evs), gone)
	}
}

func TestFindContainer(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		ns, pod, container string
		want               string
		code               int
		msg                string
	}{
		{"shop", "web-7d9f8b6c4-x2kqp", "", "nginx", 0, ""},
		{"shop", "web-7d9f8b6c4-x2kqp", "log-shipper", "log-shipper", 0, ""},
		{"data", "postgres-0", "", "postgres", 0, ""},
		{"data", "kafka-0", "", "kafka", 0, ""},
		{"nope", "x", "", "", 404, `namespaces "nope" not found`},
		{"shop", "nope", "", "", 404, `pods "nope" not found`},
		{"data", "postgres-0", "mysql", "", 400, "container mysql is not valid for pod postgres-0: choose one of [postgres metrics-exporter]"},
		{"shop", crashPod, "", "", 400, "container checkout is not running (CrashLoopBackOff)"},
		{"data", jobPodFirst, "", "", 400, "container loader is not running (ContainerCreating)"},
		{"batch", "report-28813440-7xk2p", "", "", 400, "cannot exec into a container in a completed pod; current phase is Succeeded"},
	} {
		p, c, err := s.findContainer(tc.ns, tc.pod, tc.container)
		switch {
		case tc.code == 0 && (err != nil || c != tc.want || p.Metadata.Name != tc.pod):
			t.Errorf("%s/%s[%s]: %q, %v; want %q", tc.ns, tc.pod, tc.container, c, err, tc.want)
		case tc.code != 0 && (err == nil || err.Code != tc.code || err.Msg != tc.msg):
			t.Errorf("%s/%s[%s]: %+v, want %d %q", tc.ns, tc.pod, tc.container, err, tc.code, tc.msg)
		}
	}
}

func TestAnimationChangesPodsAndStops(t *testing.T) {
	s, err := New(Options{Animate: true, AnimateInterval: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, _, wake, _ := s.store.since(crashPodNS, s.store.current())
	deadline := time.After(15 * time.Second)
	for {
		p, err := s.Pod(crashPodNS, crashPod)
		if err != nil {
			t.Fatal(err)
		}
		if p.Status.ContainerStatuses[0].RestartCount > 8 {
			break
		}
		select {
		case <-wake:
			_, _, wake, _ = s.store.since(crashPodNS, s.store.current())
		case <-deadline:
			t.Fatal("the crashlooping pod never restarted")
		}
	}
	// The job pod gets recreated under a new name within a cycle of 8 ticks.
	deadline = time.After(15 * time.Second)
	for {
		if _, err := s.Pod(jobPodNS, jobPodFirst); err != nil {
			break
		}
		select {
		case <-wake:
			_, _, wake, _ = s.store.since(jobPodNS, s.store.current())
		case <-deadline:
			t.Fatal("the job pod was never replaced")
		}
	}
	s.Close() // returns only once the animation goroutine ended
	rv := s.store.current()
	if _, err := s.Pod(crashPodNS, crashPod); err != nil || s.store.current() != rv {
		t.Fatal("the store changed after Close")
	}
}
