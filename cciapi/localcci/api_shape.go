package localcci

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/podmux/podmux/cciapi"
)

// API shapes the server can answer with (Options.APIShape).
const (
	// ShapeDefault answers as kube-apiserver does: typed lists (PodList, NamespaceList, apiVersion
	// cci/v2) with a resourceVersion, and real watch streams.
	ShapeDefault = "default"
	// ShapeCCIDocs answers exactly as the CCI v2 reference's examples show: lists are
	// {"apiVersion":"v1","kind":"List","metadata":{"resourceVersion":""},"items":[…]} (items keep
	// apiVersion cci/v2), and watch=true is ignored: the answer is the same plain list.
	ShapeCCIDocs = "cci-docs"
)

// Shapes lists the values Options.APIShape accepts.
var Shapes = []string{ShapeDefault, ShapeCCIDocs}

// validShape checks Options.APIShape.
func validShape(s string) error {
	switch s {
	case "", ShapeDefault, ShapeCCIDocs:
		return nil
	}
	return fmt.Errorf("API shape %q is not one of %s", s, strings.Join(Shapes, ", "))
}

func (s *Server) docsShape() bool { return s.opts.APIShape == ShapeCCIDocs }

// listMeta is a list's TypeMeta and metadata in the server's shape: kind (e.g. PodList) and
// apiVersion cci/v2 with resourceVersion rv, or for cci-docs kind List, apiVersion v1 and an empty
// resourceVersion (the continue token is kept either way).
func (s *Server) listMeta(kind string, rv uint64, next string) (cciapi.TypeMeta, cciapi.ListMeta) {
	if s.docsShape() {
		return cciapi.TypeMeta{Kind: "List", APIVersion: "v1"}, cciapi.ListMeta{Continue: next}
	}
	return cciapi.TypeMeta{Kind: kind, APIVersion: cciapi.APIVersion},
		cciapi.ListMeta{ResourceVersion: strconv.FormatUint(rv, 10), Continue: next}
}

// watchRefused answers a watch request the server does not serve: 405 with NoWatch. It reports
// whether it answered.
func (s *Server) watchRefused(w http.ResponseWriter, r *http.Request) bool {
	if !s.opts.NoWatch {
		return false
	}
	WriteStatus(w, http.StatusMethodNotAllowed, "MethodNotAllowed",
		"watch is not supported on "+r.URL.Path+": list instead")
	return true
}

// throttled answers every Options.Throttle-th API request with 429 TooManyRequests (and
// Retry-After when ThrottleRetryAfter is set, in whole seconds, rounded up). It reports whether
// it answered.
func (s *Server) throttled(w http.ResponseWriter, r *http.Request) bool {
	n := s.opts.Throttle
	if n <= 0 || !strings.HasPrefix(r.URL.Path, cciapi.APIPrefix) {
		return false
	}
	if s.requests.Add(1)%uint64(n) != 0 {
		return false
	}
	s.throttledCount.Add(1)
	if d := s.opts.ThrottleRetryAfter; d > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((d+time.Second-1)/time.Second)))
	}
	WriteStatus(w, http.StatusTooManyRequests, "TooManyRequests", "too many requests: slow down and retry")
	return true
}

// Throttled returns how many requests were answered 429 (Options.Throttle).
func (s *Server) Throttled() int { return int(s.throttledCount.Load()) }
