package cciapi

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// Authorizer adds credentials to an outgoing request (the X-Auth-Token header, or an AK/SK
// signature). It is called last, after every other header is set, for REST calls and for the exec
// upgrade request alike.
type Authorizer interface {
	Authorize(req *http.Request) error
}

// TokenAuth sends a fixed IAM token as X-Auth-Token.
type TokenAuth string

// Authorize sets X-Auth-Token.
func (t TokenAuth) Authorize(req *http.Request) error {
	if t != "" {
		req.Header.Set("X-Auth-Token", string(t))
	}
	return nil
}

// Config says where and how to reach a CCI v2 endpoint.
type Config struct {
	// Endpoint is the base URL, e.g. https://cci.eu-de.otc.t-systems.com. http:// is accepted
	// only for loopback hosts.
	Endpoint string
	// Auth adds credentials; nil sends none.
	Auth Authorizer
	// CAFile is an optional PEM file of extra CAs trusted besides the system roots.
	CAFile string
	// InsecureSkipTLSVerify disables certificate verification. Off unless asked for explicitly.
	InsecureSkipTLSVerify bool
	// Timeout bounds one REST request (not watches or exec streams). Zero: 30 s.
	Timeout time.Duration
	// DialTimeout bounds connecting, TLS and the WebSocket handshake. Zero: 15 s.
	DialTimeout time.Duration
	// Keepalive is the WebSocket ping interval for exec streams. Zero: 30 s; negative: off.
	Keepalive time.Duration
	// UserAgent is sent on every request. Empty: "podmux".
	UserAgent string
	// Proxy picks the proxy of every request, exec connections included (WebSocket and SPDY,
	// through CONNECT). Nil: http.ProxyFromEnvironment (HTTPS_PROXY, HTTP_PROXY, NO_PROXY).
	Proxy func(*http.Request) (*url.URL, error)
	// ExecProtocol picks the exec transport: ExecProtocolAuto (empty), ExecProtocolWebSocket or
	// ExecProtocolSPDY (see Client.Exec).
	ExecProtocol string
	// ThrottleRetries is how often one call (REST request, watch, log, exec dial) is retried
	// after a 429 TooManyRequests, waiting Retry-After or backing off exponentially with jitter
	// (throttle.go). Zero: 6; negative: never.
	ThrottleRetries int
	// PollInterval is how often WatchPods lists again when the server cannot watch (it refuses
	// watch=true or answers it with a plain list). Zero: 5 s.
	PollInterval time.Duration
}

// Client talks to one CCI v2 endpoint. It is safe for concurrent use.
type Client struct {
	cfg  Config
	base *url.URL
	tls  *tls.Config
	http *http.Client // REST (with Timeout)
	long *http.Client // watches and logs (no overall timeout)
}

// NewClient validates cfg and builds a Client. It makes no request.
func NewClient(cfg Config) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(cfg.Endpoint, "/"))
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("endpoint %q is not a URL: give one like https://cci.eu-de.otc.t-systems.com", cfg.Endpoint)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return nil, fmt.Errorf("endpoint %q uses plain http to a non-loopback host: use https", cfg.Endpoint)
		}
	default:
		return nil, fmt.Errorf("endpoint %q must start with https://", cfg.Endpoint)
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.DialTimeout == 0 {
		cfg.DialTimeout = 15 * time.Second
	}
	if cfg.Keepalive == 0 {
		cfg.Keepalive = 30 * time.Second
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = 5 * time.Second
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "podmux"
	}
	switch cfg.ExecProtocol {
	case "":
		cfg.ExecProtocol = ExecProtocolAuto
	case ExecProtocolAuto, ExecProtocolWebSocket, ExecProtocolSPDY:
	default:
		return nil, fmt.Errorf("exec protocol %q is not one of auto, websocket, spdy", cfg.ExecProtocol)
	}
	tc := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: cfg.InsecureSkipTLSVerify} //nolint:gosec // explicit opt-in
	if cfg.CAFile != "" {
		pem, err := os.ReadFile(cfg.CAFile)
		if err != nil {
			return nil, fmt.Errorf("CA file: %w", err)
		}
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("CA file %s holds no PEM certificate", cfg.CAFile)
		}
		tc.RootCAs = pool
	}
	tr := &http.Transport{
		Proxy:               cfg.proxy(),
		DialContext:         (&net.Dialer{Timeout: cfg.DialTimeout, KeepAlive: 30 * time.Second}).DialContext,
		TLSClientConfig:     tc,
		TLSHandshakeTimeout: cfg.DialTimeout,
		// Bounds waiting for the answer's headers, so a watch or log to a server that accepted the
		// connection but never answers fails instead of hanging (bodies may stream for long).
		ResponseHeaderTimeout: cfg.Timeout,
		MaxIdleConnsPerHost:   8,
		IdleConnTimeout:       90 * time.Second,
	}
	return &Client{
		cfg:  cfg,
		base: u,
		tls:  tc,
		http: &http.Client{Transport: tr, Timeout: cfg.Timeout},
		long: &http.Client{Transport: tr},
	}, nil
}

// WithPollInterval returns a client that shares c's connections and settings but polls every d
// (when positive) where the server cannot watch (Config.PollInterval).
func (c *Client) WithPollInterval(d time.Duration) *Client {
	cp := *c
	if d > 0 {
		cp.cfg.PollInterval = d
	}
	return &cp
}

// Endpoint returns the base URL the client talks to.
func (c *Client) Endpoint() string { return c.base.String() }

// url builds an absolute URL for an API path under /apis/cci/v2 (path starts with "/").
func (c *Client) url(path string, q url.Values) *url.URL {
	u := *c.base
	u.Path = strings.TrimRight(u.Path, "/") + APIPrefix + path
	u.RawQuery = q.Encode()
	return &u
}

// prepare sets the common headers and credentials on req.
func (c *Client) prepare(req *http.Request) error {
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	if c.cfg.Auth != nil {
		return c.cfg.Auth.Authorize(req)
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
