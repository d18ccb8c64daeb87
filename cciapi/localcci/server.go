// Package localcci is a local CCI v2-compatible server: the same paths, JSON and exec protocol as
// CCI, with pods backed by processes on this machine (in a pty when tty=true). It is podmux's
// embedded demo, the target of its tests and benchmarks, and `podmux serve`. It runs commands on
// the machine it runs on, so it listens on loopback unless told otherwise and always requires a
// token. Everything that shows it calls it local.
package localcci

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"sync"

	"github.com/podmux/podmux/cciapi"
)

// Label is how the server names itself wherever it is shown.
const Label = "local CCI-compatible server (pods are processes on this machine)"

// Options configure a Server.
type Options struct {
	// Token is the X-Auth-Token every request must carry. Empty: New generates a random one.
	Token string
	// Fixture is the initial set of namespaces and pods. Nil: DefaultFixture().
	Fixture *Fixture
	// WorkDir is the root of the per-pod working directories. Empty: a temporary directory.
	WorkDir string
}

// Server serves the CCI v2 API for the fixture's namespaces and pods. It is an http.Handler.
// All methods are safe for concurrent use.
type Server struct {
	token   string
	workDir string
	mux     *http.ServeMux

	mu    sync.Mutex
	store *store // namespaces, pods, resourceVersion, watchers (state.go)

	execs sync.WaitGroup // running exec handlers, so Close can wait for them
}

// New builds a Server. It does not listen; use it as an http.Handler or call ListenAndServe.
func New(opts Options) (*Server, error) {
	tok := opts.Token
	if tok == "" {
		b := make([]byte, 16)
		if _, err := rand.Read(b); err != nil {
			return nil, err
		}
		tok = hex.EncodeToString(b)
	}
	fx := opts.Fixture
	if fx == nil {
		fx = DefaultFixture()
	}
	s := &Server{token: tok, workDir: opts.WorkDir}
	st, err := newStore(fx)
	if err != nil {
		return nil, err
	}
	s.store = st
	s.routes()
	return s, nil
}

// Token returns the token clients must send as X-Auth-Token.
func (s *Server) Token() string { return s.token }

func (s *Server) routes() {
	m := http.NewServeMux()
	p := cciapi.APIPrefix
	m.HandleFunc("GET "+p+"/namespaces", s.listNamespaces)
	m.HandleFunc("GET "+p+"/namespaces/{ns}", s.getNamespace)
	m.HandleFunc("GET "+p+"/namespaces/{ns}/pods", s.listPods) // list, and watch=true
	m.HandleFunc("GET "+p+"/namespaces/{ns}/pods/{name}", s.getPod)
	m.HandleFunc("GET "+p+"/namespaces/{ns}/pods/{name}/log", s.podLog)
	m.HandleFunc("GET "+p+"/namespaces/{ns}/pods/{name}/exec", s.exec)  // WebSocket v5/v4
	m.HandleFunc("POST "+p+"/namespaces/{ns}/pods/{name}/exec", s.exec) // SPDY (transport issue)
	m.HandleFunc("/", s.notFound)
	s.mux = m
}

// ServeHTTP authenticates every request, then routes it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := s.authenticate(r); err != nil {
		WriteStatus(w, http.StatusUnauthorized, "Unauthorized", err.Error())
		return
	}
	s.mux.ServeHTTP(w, r)
}

// authenticate checks the request's credentials. Today: X-Auth-Token, compared in constant time.
// The credentials issue adds IAM-issued tokens and AK/SK signatures here.
func (s *Server) authenticate(r *http.Request) error {
	got := r.Header.Get("X-Auth-Token")
	if got == "" {
		return errString("the request carries no X-Auth-Token: pass a token (--token or PODMUX_TOKEN)")
	}
	if subtle.ConstantTimeCompare([]byte(got), []byte(s.token)) != 1 {
		return errString("the X-Auth-Token is invalid or expired")
	}
	return nil
}

type errString string

func (e errString) Error() string { return string(e) }

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, cciapi.APIPrefix) {
		WriteStatus(w, http.StatusNotFound, "NotFound", "the server could not find the requested resource "+r.URL.Path)
		return
	}
	WriteStatus(w, http.StatusNotFound, "NotFound", "not a CCI v2 path: "+r.URL.Path)
}

// WriteStatus writes a Kubernetes Status body with the given HTTP code and reason.
func WriteStatus(w http.ResponseWriter, code int, reason, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(cciapi.Status{
		TypeMeta: cciapi.TypeMeta{Kind: "Status", APIVersion: "v1"},
		Status:   "Failure", Message: msg, Reason: reason, Code: code,
	})
}

// writeJSON writes v as a 200 JSON answer.
func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
