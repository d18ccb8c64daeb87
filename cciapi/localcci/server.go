// Package localcci is a local CCI v2-compatible server: the same paths, JSON and exec protocol as
// CCI, with pods backed by processes on this machine (in a pty when tty=true). It is podmux's
// embedded demo, the target of its tests and benchmarks, and `podmux serve`. It runs commands on
// the machine it runs on, so it listens on loopback unless told otherwise and always requires a
// token. Everything that shows it calls it local.
package localcci

import (
	"cmp"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

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
	// Fleet adds the fleet namespace (FleetNamespace: 200 small pods whose answers mostly agree)
	// to the fixture, for fan-out demos, tests and benchmarks.
	Fleet bool
	// Middleware, when set, wraps the server's handler in Start (tests: count or refuse
	// requests).
	Middleware func(http.Handler) http.Handler
	// WorkDir is the root of the per-pod working directories. Empty: a temporary directory.
	WorkDir string
	// Animate starts a slow background ticker that changes pods (the crashlooping pod restarts,
	// a job pod is created, runs and completes) so watches have something to show. For the demo
	// and `podmux serve`; tests leave it off and drive changes with AddPod/UpdatePod/DeletePod.
	Animate bool
	// AnimateInterval is the animation tick. Zero: 3 s.
	AnimateInterval time.Duration
	// HistorySize bounds the watch event history; a watch from a resourceVersion older than the
	// history gets 410 Gone. Zero: 1000 events.
	HistorySize int
	// BookmarkInterval is how often a watch that asked for bookmarks gets one. Zero: 10 s.
	BookmarkInterval time.Duration
	// NoEvents answers 404 on the events path, as OTC's CCI (which documents no events) would.
	NoEvents bool
	// LogInterval is the time between two lines of a running container's log: line k of a run
	// is stamped start + k·LogInterval, so every request agrees on every line (log_gen.go).
	// Zero: 1 s.
	LogInterval time.Duration
	// IAMUsers are accepted by the local IAM endpoint /v3/auth/tokens (auth_state.go); its
	// tokens expire after TokenTTL (zero: 24 h). AccessKeys maps AK → SK for SDK-HMAC-SHA256
	// signed requests. Now is the clock for tokens and signature dates (nil: time.Now).
	IAMUsers   []IAMUser
	AccessKeys map[string]string
	TokenTTL   time.Duration
	Now        func() time.Time
	// Projects maps project name → id for the local IAM project lookup (GET /v3/projects?name=).
	Projects map[string]string
	// ExecProtocols are the exec protocols served (ExecWebSocket, ExecWebSocketV4, ExecSPDY;
	// exec_protocols.go). Empty: DefaultExecProtocols, WebSocket v5/v4 and SPDY.
	ExecProtocols []string
	// WSFragments is what a fragmented client WebSocket message gets: FragmentsReject (as
	// Kubernetes' servers lose data there, see exec_ws_strict.go) or FragmentsReassemble. Empty:
	// $PODMUX_LOCALCCI_WS_FRAGMENTS, else the package default.
	WSFragments string

	// APIShape is how lists and watches are answered: ShapeDefault ("" too) or ShapeCCIDocs
	// (api_shape.go). NoWatch answers watch=true with 405 MethodNotAllowed. NoAllPods answers GET
	// /apis/cci/v2/pods (every namespace) with 404, as a server without that path would.
	APIShape  string
	NoWatch   bool
	NoAllPods bool
	// Throttle, when positive, answers every Throttle-th API request with 429 TooManyRequests,
	// with a Retry-After of ThrottleRetryAfter (rounded up to seconds; zero: no header).
	Throttle           int
	ThrottleRetryAfter time.Duration

	// PodNice is the nice value exec'd processes (and their children) run at, below the server,
	// as a real pod runs under kubelet's cgroups or on another machine: a flood in a local pod
	// must not starve the server that forwards every other session, nor the user's terminal.
	// A tty exec's session (its own scheduling group under Linux's autogroup scheduling) gets
	// it as its autogroup nice too. Zero: DefaultPodNice; negative: the server's own priority.
	PodNice int
}

// DefaultPodNice is Options.PodNice's default.
const DefaultPodNice = 10

// Server serves the CCI v2 API for the fixture's namespaces and pods. It is an http.Handler.
// All methods are safe for concurrent use.
type Server struct {
	token   string
	workDir string
	mux     *http.ServeMux
	opts    Options // with defaults filled in
	started time.Time

	store *store // namespaces, pods, resourceVersion, watch history (state.go)

	stop     chan struct{} // closed by Close: ends watches, followed logs and the animation
	stopOnce sync.Once
	bg       sync.WaitGroup // the animation goroutine

	execs    sync.WaitGroup // running exec handlers, so Close can wait for them
	execReg  execRegistry   // running exec sessions and the pods' working directories (exec_registry.go)
	sendBufs sendBuffers    // loopback exec connections' send buffers (exec_sndbuf.go)

	auth *authState // IAM users and tokens, AK/SK keys (auth_state.go)

	procs procStats // exec'd processes running now, at most, in all (exec_stats.go)

	protos         execProtocols // exec protocols served (exec_protocols.go)
	fragments      string        // FragmentsReject or FragmentsReassemble (exec_ws_strict.go)
	requests       atomic.Uint64 // API requests, for Throttle
	throttledCount atomic.Uint64 // requests answered 429

	logFormats map[string]string // "ns/pod/container" → the fixture's log format (log.go)
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
	if opts.Fleet {
		withFleet := *fx
		withFleet.Namespaces = append(slices.Clone(fx.Namespaces), FleetNamespace())
		fx = &withFleet
	}
	if err := fx.Validate(); err != nil {
		return nil, fmt.Errorf("fixture: %w", err)
	}
	protos, err := resolveExecProtocols(opts.ExecProtocols)
	if err != nil {
		return nil, err
	}
	fragments, err := resolveFragments(opts.WSFragments)
	if err != nil {
		return nil, err
	}
	if err := validShape(opts.APIShape); err != nil {
		return nil, err
	}
	opts.Token = tok
	opts.AnimateInterval = cmp.Or(opts.AnimateInterval, 3*time.Second)
	opts.HistorySize = cmp.Or(opts.HistorySize, 1000)
	opts.PodNice = cmp.Or(opts.PodNice, DefaultPodNice)
	opts.BookmarkInterval = cmp.Or(opts.BookmarkInterval, 10*time.Second)
	opts.LogInterval = cmp.Or(opts.LogInterval, time.Second)
	if opts.LogInterval < 10*time.Microsecond {
		return nil, fmt.Errorf("log interval %v is below 10µs (100,000 lines a second): give a longer one", opts.LogInterval)
	}
	s := &Server{token: tok, workDir: opts.WorkDir, opts: opts, started: time.Now(), stop: make(chan struct{}),
		protos: protos, fragments: fragments}
	s.auth = newAuthState(opts)
	s.execReg.files = fixtureFiles(fx)
	nss, pods := fx.build(s.started)
	s.store = newStoreFrom(nss, pods, opts.HistorySize)
	s.logFormats = fx.logFormats()
	s.routes()
	if opts.Animate {
		s.bg.Add(1)
		go s.animate()
	}
	return s, nil
}

// Close stops the animation and ends every open watch and followed log (their clients see the
// stream end). It does not stop exec processes; Instance.Close does. Safe to call more than once.
func (s *Server) Close() {
	s.stopOnce.Do(func() { close(s.stop) })
	s.bg.Wait()
}

// Token returns the token clients must send as X-Auth-Token.
func (s *Server) Token() string { return s.token }

func (s *Server) routes() {
	m := http.NewServeMux()
	p := cciapi.APIPrefix
	m.HandleFunc(p+"/namespaces", only(s.listNamespaces, "GET"))
	m.HandleFunc(p+"/namespaces/{ns}", only(s.getNamespace, "GET"))
	m.HandleFunc(p+"/namespaces/{ns}/pods", only(s.listPods, "GET")) // list, and watch=true
	m.HandleFunc(p+"/pods", only(s.listPods, "GET"))                 // every namespace's pods
	m.HandleFunc(p+"/namespaces/{ns}/pods/{name}", only(s.getPod, "GET"))
	m.HandleFunc(p+"/namespaces/{ns}/pods/{name}/log", only(s.podLog, "GET"))
	m.HandleFunc(p+"/namespaces/{ns}/events", only(s.listEvents, "GET")) // events.go
	// GET: WebSocket v5/v4; POST: SPDY/3.1 (exec.go).
	m.HandleFunc(p+"/namespaces/{ns}/pods/{name}/exec", only(s.exec, "GET", "POST"))
	m.HandleFunc(IAMTokensPath, only(s.iamTokens, "POST")) // local IAM (iam.go)
	m.HandleFunc("/v3/projects", only(s.iamProjects, "GET"))
	m.HandleFunc("/", s.notFound)
	s.mux = m
}

// only answers 405 MethodNotAllowed as a Status (with an Allow header) unless the request's
// method is one of methods (HEAD counts as GET).
func only(h http.HandlerFunc, methods ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		m := r.Method
		if m == http.MethodHead {
			m = http.MethodGet
		}
		if slices.Contains(methods, m) {
			h(w, r)
			return
		}
		w.Header().Set("Allow", strings.Join(methods, ", "))
		WriteStatus(w, http.StatusMethodNotAllowed, "MethodNotAllowed",
			"the server does not allow this method on the requested resource: "+r.Method+" "+r.URL.Path+" (allowed: "+strings.Join(methods, ", ")+")")
	}
}

// ServeHTTP authenticates every request, then routes it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := s.authenticate(r); err != nil {
		WriteStatus(w, http.StatusUnauthorized, "Unauthorized", err.Error())
		return
	}
	if s.throttled(w, r) {
		return
	}
	s.mux.ServeHTTP(w, r)
}

// authenticate checks the request's credentials: the IAM login path, AK/SK signatures and
// IAM-issued tokens (auth_state.go), else the fixed X-Auth-Token, compared in constant time.
func (s *Server) authenticate(r *http.Request) error {
	if handled, err := s.auth.authenticate(r); handled {
		return err
	}
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
