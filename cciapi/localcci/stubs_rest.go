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
