package localcci

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/podmux/podmux/cciapi"
)

func logBody(t *testing.T, in *Instance, path string) (int, []string) {
	t.Helper()
	resp := restGet(t, in, "GET", path)
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.TrimSuffix(string(b), "\n")
	if s == "" {
		return resp.StatusCode, nil
	}
	return resp.StatusCode, strings.Split(s, "\n")
}

// timestamps=true stamps every line; sinceSeconds keeps only the recent ones; two requests for
// the same window agree line for line (what a resuming client relies on).
func TestLogTimestampsSinceAndStable(t *testing.T) {
	in := restStart(t, Options{LogInterval: 100 * time.Millisecond})
	path := "/namespaces/shop/pods/cart-5c6b7d9f8-qw8rt/log?timestamps=true&sinceSeconds=3"
	code, a := logBody(t, in, path)
	if code != 200 || len(a) < 20 || len(a) > 31 {
		t.Fatalf("sinceSeconds=3 at 10 lines/s: %d, %d lines; want about 30", code, len(a))
	}
	now := time.Now()
	for _, l := range a {
		ts, text, ok := cciapi.ParseLogLine(l)
		if !ok || text == "" || now.Sub(ts) > 3*time.Second+time.Second || ts.After(now) {
			t.Fatalf("line %q: stamp %v ok %v, want a stamp within the last 3 s", l, ts, ok)
		}
	}
	_, b := logBody(t, in, path)
	first := strings.Index(strings.Join(b, "\n"), a[len(a)-5])
	if first < 0 || !strings.HasPrefix(strings.Join(b, "\n")[first:], strings.Join(a[len(a)-5:], "\n")) {
		t.Fatalf("a second request does not repeat the first's lines:\n%q\n%q", a[len(a)-5:], b)
	}
	if code, l := logBody(t, in, "/namespaces/shop/pods/cart-5c6b7d9f8-qw8rt/log?limitBytes=10"); code != 200 || len(l) != 1 || len(l[0]) != 10 {
		t.Fatalf("limitBytes=10: %d %q", code, l)
	}
	for _, q := range []string{"tailLines=-1", "sinceSeconds=0", "follow=maybe", "limitBytes=x", "sinceTime=2026-01-01T00:00:00Z"} {
		resp := restGet(t, in, "GET", "/namespaces/shop/pods/cart-5c6b7d9f8-qw8rt/log?"+q)
		if st := decodeStatus(t, resp); resp.StatusCode != 400 || st.Reason != "BadRequest" {
			t.Errorf("%s: %d %q, want a 400", q, resp.StatusCode, st.Message)
		}
	}
}

// The crashlooping pod's log (current and previous) shows why it crashes; previous is refused
// for a container that never restarted.
func TestLogPreviousOfCrashloop(t *testing.T) {
	in := restStart(t, Options{})
	for _, q := range []string{"", "?previous=true"} {
		code, lines := logBody(t, in, "/namespaces/shop/pods/"+crashPod+"/log"+q)
		all := strings.Join(lines, "\n")
		if code != 200 || !strings.Contains(all, "connection refused") || !strings.Contains(all, "panic:") || lines[len(lines)-1] != "exit status 2" {
			t.Fatalf("crashloop log%s: %d\n%s", q, code, all)
		}
	}
	resp := restGet(t, in, "GET", "/namespaces/data/pods/redis-0/log?previous=true")
	if st := decodeStatus(t, resp); resp.StatusCode != 400 || !strings.Contains(st.Message, `previous terminated container "redis" in pod "redis-0" not found`) {
		t.Fatalf("previous of redis: %d %q", resp.StatusCode, st.Message)
	}
}

// The JSON demo pod logs one JSON object a line with time, level and msg.
func TestLogJSONPod(t *testing.T) {
	in := restStart(t, Options{})
	code, lines := logBody(t, in, "/namespaces/data/pods/"+JSONLogPod+"/log?tailLines=50")
	if code != 200 || len(lines) != 50 {
		t.Fatalf("%d, %d lines", code, len(lines))
	}
	levels := map[string]bool{}
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line %q is not JSON: %v", l, err)
		}
		if _, err := time.Parse(time.RFC3339Nano, m["time"].(string)); err != nil || m["msg"] == "" {
			t.Fatalf("line %q lacks time or msg", l)
		}
		levels[m["level"].(string)] = true
	}
	if !levels["info"] || len(levels) < 3 {
		t.Fatalf("levels %v: want info and some others", levels)
	}
}

func TestEventsEndpoint(t *testing.T) {
	in := restStart(t, Options{})
	resp := restGet(t, in, "GET", "/namespaces/shop/events?fieldSelector=involvedObject.name%3D"+crashPod)
	var l cciapi.EventList
	if err := json.NewDecoder(resp.Body).Decode(&l); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("%d %v", resp.StatusCode, err)
	}
	var backoff bool
	for _, e := range l.Items {
		if e.InvolvedObject.Name != crashPod {
			t.Fatalf("event about %s", e.InvolvedObject.Name)
		}
		backoff = backoff || e.Reason == "BackOff" && e.Type == "Warning"
	}
	if !backoff {
		t.Fatalf("no BackOff for the crashlooping pod: %+v", l.Items)
	}
	resp = restGet(t, in, "GET", "/namespaces/shop/events")
	l = cciapi.EventList{}
	_ = json.NewDecoder(resp.Body).Decode(&l)
	pods := map[string]bool{}
	for _, e := range l.Items {
		pods[e.InvolvedObject.Name] = true
	}
	if len(pods) != 4 {
		t.Fatalf("events of the shop namespace are about %v, want its 4 pods", pods)
	}
	resp = restGet(t, in, "GET", "/namespaces/shop/events?fieldSelector=metadata.uid%3Dx")
	if st := decodeStatus(t, resp); resp.StatusCode != 400 || !strings.Contains(st.Message, "metadata.uid") {
		t.Fatalf("bad field: %d %q", resp.StatusCode, st.Message)
	}
}

func TestEventsRefusedWhenOff(t *testing.T) {
	in := restStart(t, Options{NoEvents: true})
	resp := restGet(t, in, "GET", "/namespaces/shop/events")
	if st := decodeStatus(t, resp); resp.StatusCode != 404 || st.Reason != "NotFound" {
		t.Fatalf("NoEvents: %d %q, want a 404 Status", resp.StatusCode, st.Message)
	}
}
