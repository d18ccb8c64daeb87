package localcci

import (
	"net/http"
	"strconv"
	"time"

	"github.com/podmux/podmux/cciapi"
)

// apiError is an error answered as a Status body with an HTTP code.
type apiError struct {
	Code   int
	Reason string
	Msg    string
}

func (e *apiError) Error() string { return e.Msg }

func writeError(w http.ResponseWriter, e *apiError) { WriteStatus(w, e.Code, e.Reason, e.Msg) }

func badRequest(msg string) *apiError {
	return &apiError{Code: http.StatusBadRequest, Reason: "BadRequest", Msg: msg}
}

func (s *Server) listNamespaces(w http.ResponseWriter, r *http.Request) {
	tm, lm := s.listMeta("NamespaceList", s.store.current(), "")
	writeJSON(w, cciapi.NamespaceList{TypeMeta: tm, Metadata: lm, Items: s.store.namespaces()})
}

func (s *Server) getNamespace(w http.ResponseWriter, r *http.Request) {
	n, err := s.store.namespace(r.PathValue("ns"))
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, n)
}

// listPods answers a pod list (paged with limit/continue, filtered by labelSelector) or, with
// watch=true, a watch stream; of namespace {ns}, or without it (GET /pods) of every namespace.
// In the cci-docs shape watch=true is ignored (a plain list); with NoWatch it is refused.
func (s *Server) listPods(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	sel, err := parseSelector(q.Get("labelSelector"))
	if err != nil {
		writeError(w, err)
		return
	}
	ns := r.PathValue("ns")
	if ns == "" && s.opts.NoAllPods {
		s.notFound(w, r)
		return
	}
	if watch, _ := strconv.ParseBool(q.Get("watch")); watch && !s.docsShape() {
		if !s.watchRefused(w, r) {
			s.watchPods(w, r, ns, sel)
		}
		return
	}
	var limit int64
	if v := q.Get("limit"); v != "" {
		n, perr := strconv.ParseInt(v, 10, 64)
		if perr != nil || n < 0 {
			writeError(w, badRequest("limit "+quote(v)+" is not a non-negative integer"))
			return
		}
		limit = n
	}
	pods, rv, next, err := s.store.podPage(ns, sel, limit, q.Get("continue"), time.Now())
	if err != nil {
		writeError(w, err)
		return
	}
	if pods == nil {
		pods = []cciapi.Pod{}
	}
	tm, lm := s.listMeta("PodList", rv, next)
	writeJSON(w, cciapi.PodList{TypeMeta: tm, Metadata: lm, Items: pods})
}

func (s *Server) getPod(w http.ResponseWriter, r *http.Request) {
	p, err := s.store.pod(r.PathValue("ns"), r.PathValue("name"))
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, p)
}
