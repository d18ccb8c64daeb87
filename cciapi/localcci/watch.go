package localcci

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/podmux/podmux/cciapi"
)

// transition is what a label-selected watch sends for event e, as kube-apiserver's watch cache
// does: a change that makes a pod match is ADDED, one that makes it stop matching is DELETED, and
// events of pods that matched neither before nor after are not sent (ok false).
func (sel selector) transition(e event) (string, bool) {
	cur := sel.matches(e.pod.Metadata.Labels)
	if e.typ != cciapi.EventModified {
		return e.typ, cur
	}
	was := sel.matches(e.prevLabel)
	switch {
	case cur && !was:
		return cciapi.EventAdded, true
	case !cur && was:
		return cciapi.EventDeleted, true
	}
	return e.typ, cur
}

// watchPods streams newline-delimited watch events for namespace ns, like the Kubernetes API:
//   - without resourceVersion (or "0") it first sends ADDED for every current pod;
//   - from a resourceVersion still covered by the history it sends every later change;
//   - from an older one it sends one ERROR event with a 410 Expired Status and ends;
//   - with allowWatchBookmarks=true it sends a BOOKMARK (a Pod carrying only its
//     resourceVersion) every BookmarkInterval;
//   - it ends after timeoutSeconds, when the client leaves, or when the server closes.
func (s *Server) watchPods(w http.ResponseWriter, r *http.Request, ns string, sel selector) {
	q := r.URL.Query()
	if ns != "" {
		if _, err := s.store.namespace(ns); err != nil {
			writeError(w, err)
			return
		}
	}
	bookmarks, _ := strconv.ParseBool(q.Get("allowWatchBookmarks"))
	var timeout <-chan time.Time
	if v := q.Get("timeoutSeconds"); v != "" {
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			writeError(w, badRequest("timeoutSeconds "+quote(v)+" is not a non-negative integer"))
			return
		}
		if n > 0 {
			t := time.NewTimer(time.Duration(n) * time.Second)
			defer t.Stop()
			timeout = t.C
		}
	}
	var rv uint64
	initial := true
	if v := q.Get("resourceVersion"); v != "" && v != "0" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			writeError(w, badRequest("resourceVersion "+quote(v)+" is not a resourceVersion this server issued"))
			return
		}
		rv, initial = n, false
	}

	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	fl, _ := w.(http.Flusher)
	enc := json.NewEncoder(w)
	send := func(typ string, obj any) bool {
		raw, err := json.Marshal(obj)
		if err != nil {
			return false
		}
		return enc.Encode(cciapi.WatchEvent{Type: typ, Object: raw}) == nil
	}
	flush := func() {
		if fl != nil {
			fl.Flush()
		}
	}

	if initial {
		s.store.mu.Lock()
		pods, _ := s.store.podsLocked(ns)
		rv = s.store.rv
		s.store.mu.Unlock()
		for _, p := range pods {
			if sel.matches(p.Metadata.Labels) && !send(cciapi.EventAdded, p) {
				return
			}
		}
	}
	flush()

	var tick <-chan time.Time
	if bookmarks {
		t := time.NewTicker(s.opts.BookmarkInterval)
		defer t.Stop()
		tick = t.C
	}
	for {
		evs, seen, wake, gone := s.store.since(ns, rv)
		if gone {
			cur := s.store.current()
			send(cciapi.EventError, cciapi.Status{
				TypeMeta: cciapi.TypeMeta{Kind: "Status", APIVersion: "v1"},
				Metadata: &cciapi.ListMeta{}, Status: "Failure", Reason: "Expired", Code: http.StatusGone,
				Message: fmt.Sprintf("too old resource version: %d (%d)", rv, cur),
			})
			flush()
			return
		}
		for _, e := range evs {
			if typ, ok := sel.transition(e); ok && !send(typ, e.pod) {
				return
			}
		}
		rv = seen
		flush()
		select {
		case <-wake:
		case <-tick:
			bm := cciapi.Pod{
				TypeMeta: cciapi.TypeMeta{Kind: "Pod", APIVersion: cciapi.APIVersion},
				Metadata: cciapi.ObjectMeta{ResourceVersion: strconv.FormatUint(rv, 10)},
			}
			if !send(cciapi.EventBookmark, bm) {
				return
			}
		case <-timeout:
			return
		case <-r.Context().Done():
			return
		case <-s.stop:
			return
		}
	}
}
