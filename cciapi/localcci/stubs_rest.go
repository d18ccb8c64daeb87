package localcci

import (
	"net/http"

	"github.com/podmux/podmux/cciapi"
)

// Fixture is the server's initial state. (Owned by the REST work: replace with the real schema.)
type Fixture struct {
	Namespaces []FixtureNamespace `json:"namespaces" yaml:"namespaces"`
}

// FixtureNamespace is a namespace and its pods.
type FixtureNamespace struct {
	Name string       `json:"name" yaml:"name"`
	Pods []cciapi.Pod `json:"pods" yaml:"pods"`
}

// DefaultFixture returns the built-in demo fixture.
func DefaultFixture() *Fixture { return &Fixture{} }

type store struct{ fx *Fixture }

func newStore(fx *Fixture) (*store, error) { return &store{fx: fx}, nil }

func (s *Server) listNamespaces(w http.ResponseWriter, r *http.Request) { s.notFound(w, r) }
func (s *Server) getNamespace(w http.ResponseWriter, r *http.Request)   { s.notFound(w, r) }
func (s *Server) listPods(w http.ResponseWriter, r *http.Request)       { s.notFound(w, r) }
func (s *Server) getPod(w http.ResponseWriter, r *http.Request)         { s.notFound(w, r) }
func (s *Server) podLog(w http.ResponseWriter, r *http.Request)         { s.notFound(w, r) }

// apiError is an error answered as a Status body with an HTTP code.
type apiError struct {
	Code   int
	Reason string
	Msg    string
}

func (e *apiError) Error() string { return e.Msg }

// findContainer resolves a pod and the container to exec in: the named one, else the one the
// kubectl.kubernetes.io/default-container annotation names, else the first. Errors are 404
// NotFound for an unknown namespace or pod, 400 BadRequest for an unknown container.
func (s *Server) findContainer(ns, pod, container string) (cciapi.Pod, string, *apiError) {
	return cciapi.Pod{}, "", &apiError{Code: http.StatusNotFound, Reason: "NotFound", Msg: "not built yet"}
}
