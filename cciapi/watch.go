package cciapi

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// maxWatchEvent bounds one line (one event) of a watch stream.
const maxWatchEvent = 4 << 20

// Watcher reads one pod watch stream. It is not safe for concurrent use; Close may be called from
// any goroutine to end a blocked Next.
type Watcher struct {
	body  io.ReadCloser
	sc    *bufio.Scanner
	begun bool // a line was decoded as an event
}

// Watch opens a watch on the pods of namespace ns (empty: every namespace, GET /pods) from resourceVersion (empty: the server starts
// with an ADDED event for every current pod), with bookmarks; the server ends it after 5–10
// minutes (Next then returns io.EOF) and the caller resumes from the last resourceVersion. A refused watch (e.g. 410 Gone for
// a too-old resourceVersion, 429 with Retry-After) is a *StatusError.
func (c *Client) Watch(ctx context.Context, ns, resourceVersion string) (*Watcher, error) {
	return c.watch(ctx, ns, resourceVersion, "")
}

// watch is Watch narrowed to the pods matching the label selector sel (empty: all).
func (c *Client) watch(ctx context.Context, ns, resourceVersion, sel string) (*Watcher, error) {
	q := url.Values{}
	if sel != "" {
		q.Set("labelSelector", sel)
	}
	q.Set("watch", "true")
	q.Set("allowWatchBookmarks", "true")
	if resourceVersion != "" {
		q.Set("resourceVersion", resourceVersion)
	}
	// Like client-go's reflector, ask the server to end the watch after a random 5–10 minutes, so
	// a connection that died silently is noticed and the watch resumed.
	q.Set("timeoutSeconds", strconv.Itoa(300+rand.IntN(300)))
	resp, err := c.do(ctx, c.long, c.url(listPath(ns), q))
	if err != nil {
		if code := statusCode(err); code == http.StatusMethodNotAllowed || code == http.StatusNotImplemented {
			return nil, &WatchUnsupportedError{Reason: err.Error()}
		}
		return nil, err
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 0, 64<<10), maxWatchEvent)
	return &Watcher{body: resp.Body, sc: sc}, nil
}

// PodEvent is one decoded watch event. Pod is set for ADDED, MODIFIED, DELETED and BOOKMARK
// (a bookmark's pod carries only metadata.resourceVersion).
type PodEvent struct {
	Type string
	Pod  Pod
}

// Next returns the next event. It returns io.EOF when the server ended the stream cleanly, a
// *StatusError for an ERROR event (IsGone for 410: list again), and a descriptive error for a
// malformed event or a broken connection.
func (w *Watcher) Next() (PodEvent, error) {
	for w.sc.Scan() {
		line := w.sc.Bytes()
		if len(line) == 0 || (len(line) == 1 && line[0] == '\r') {
			continue
		}
		ev, err := decodePodEvent(line)
		if err != nil && !w.begun {
			if werr := w.plainList(line, err); werr != nil {
				return PodEvent{}, werr
			}
		}
		w.begun = true
		return ev, err
	}
	if err := w.sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return PodEvent{}, fmt.Errorf("watch event larger than %d MiB: the stream is not a pod watch", maxWatchEvent>>20)
		}
		return PodEvent{}, fmt.Errorf("watch stream: %w", err)
	}
	return PodEvent{}, io.EOF
}

// WatchUnsupportedError says the server cannot watch: it refused watch=true with 405/501, or
// answered it with a plain list (as servers that ignore the parameter do). Poll instead.
type WatchUnsupportedError struct{ Reason string }

func (e *WatchUnsupportedError) Error() string {
	return "the server does not support watching (" + e.Reason + "): polling instead"
}

// IsWatchUnsupported reports whether err is (or wraps) a *WatchUnsupportedError.
func IsWatchUnsupported(err error) bool {
	var we *WatchUnsupportedError
	return errors.As(err, &we)
}

// plainList is called when the first line of the stream is no watch event (decodeErr). When the
// line, or the whole body from it on, is a list (an "items" array, or a kind ending in "List"),
// the server ignored watch=true: it returns a *WatchUnsupportedError. Otherwise nil.
func (w *Watcher) plainList(first []byte, decodeErr error) error {
	type listish struct {
		Kind  string          `json:"kind"`
		Type  string          `json:"type"`
		Items json.RawMessage `json:"items"`
	}
	isList := func(b []byte) bool {
		var l listish
		return json.Unmarshal(b, &l) == nil && l.Type == "" && (l.Items != nil || strings.HasSuffix(l.Kind, "List"))
	}
	if isList(first) {
		return &WatchUnsupportedError{Reason: "watch=true was answered with a plain list"}
	}
	var perr *json.SyntaxError
	if !errors.As(decodeErr, &perr) && !strings.Contains(decodeErr.Error(), "not JSON") {
		return nil
	}
	// A pretty-printed list spans many lines: read the rest (bounded) and try the whole.
	buf := append([]byte{}, first...)
	for w.sc.Scan() && len(buf) < maxObjectBody {
		buf = append(append(buf, '\n'), w.sc.Bytes()...)
	}
	if isList(buf) {
		return &WatchUnsupportedError{Reason: "watch=true was answered with a plain list"}
	}
	return nil
}

// Close ends the stream. It is safe to call more than once.
func (w *Watcher) Close() error { return w.body.Close() }

func decodePodEvent(line []byte) (PodEvent, error) {
	var ev WatchEvent
	if err := json.Unmarshal(line, &ev); err != nil {
		return PodEvent{}, fmt.Errorf("watch event is not JSON (%v): %q", err, snippet(line, 80))
	}
	switch ev.Type {
	case EventAdded, EventModified, EventDeleted, EventBookmark:
		var p Pod
		if err := json.Unmarshal(ev.Object, &p); err != nil {
			return PodEvent{}, fmt.Errorf("watch %s event: object is not a pod (%v)", ev.Type, err)
		}
		return PodEvent{Type: ev.Type, Pod: p}, nil
	case EventError:
		var st Status
		if err := json.Unmarshal(ev.Object, &st); err != nil {
			return PodEvent{}, fmt.Errorf("watch ERROR event: object is not a Status (%v): %q", err, snippet(ev.Object, 80))
		}
		return PodEvent{Type: ev.Type}, StatusToError(&st, http.StatusInternalServerError)
	default:
		return PodEvent{}, fmt.Errorf("watch event has unknown type %q", ev.Type)
	}
}
