package cli

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"os/user"
	"path/filepath"
	"syscall"
	"time"

	"github.com/podmux/podmux/cciapi/localcci"
	"github.com/podmux/podmux/config"
)

// ServeCmd runs the local CCI-compatible server (package localcci) until SIGINT or SIGTERM. Its
// pods are processes on this machine, so it listens on loopback unless --allow-remote is given
// and always requires a token: the global --token (or PODMUX_TOKEN), else a random one it prints.
type ServeCmd struct {
	Listen      string `default:"127.0.0.1:8443" help:"Address to listen on (host:port). Loopback only unless --allow-remote."`
	Fixture     string `type:"path" placeholder:"FILE" help:"YAML file with the namespaces and pods to serve (schema: localcci.Fixture; example: cciapi/localcci/testdata/fixture.yaml). Default: the built-in demo."`
	AllowRemote bool   `name:"allow-remote" help:"Allow a non-loopback --listen address. Anyone who reaches it with the token runs commands on THIS machine."`
	Animate     bool   `default:"true" negatable:"" help:"Now and then change pods (a crashlooping pod restarts, a job runs) so watching clients see updates."`
	TLS         bool   `name:"tls" help:"Serve HTTPS with a fresh self-signed certificate (127.0.0.1, localhost) written to --cert-file."`
	CertFile    string `name:"cert-file" type:"path" placeholder:"FILE" help:"Where --tls writes the certificate (PEM) for clients' --ca-file. Default: $XDG_CACHE_HOME/podmux/serve-cert.pem."`
	Fleet       bool   `help:"Also serve the fleet namespace: 200 small pods for fan-out (podmux run) demos and benchmarks."`
	PodNice     int    `name:"pod-nice" default:"10" placeholder:"N" help:"Nice value (0-19) the pods' processes run at, below this server and your terminal, as a real pod runs under kubelet's cgroups: a flood in one pod cannot starve the others' sessions. 0: the server's own priority."`
	// ExecProtocols and WSFragments: exec_protocols.go and exec_ws_strict.go in localcci.
	ExecProtocols string `name:"exec-protocols" default:"websocket,spdy" placeholder:"LIST" help:"Exec protocols to serve, comma-separated: websocket (GET, v5 and v4), websocket-v4 (GET, v4 only, as kubelet and API servers before 1.30), spdy (POST, SPDY/3.1). Leave one out to play a server without it."`
	WSFragments   string `name:"ws-fragments" enum:"reject,reassemble," default:"" placeholder:"POLICY" help:"What a fragmented client WebSocket message gets: reject (strict: close 1002, as Kubernetes' servers would lose data) or reassemble (lenient). Default: $PODMUX_LOCALCCI_WS_FRAGMENTS, else reject."`
	ServeShapes   `embed:""`
}

// ServeShapes are serve's switches for answering in other API shapes (localcci/api_shape.go).
type ServeShapes struct {
	APIShape           string        `name:"api-shape" default:"default" enum:"default,cci-docs" help:"How lists and watches are answered: default (typed lists, real watches) or cci-docs (exactly the CCI reference's examples: kind List, apiVersion v1, empty resourceVersion; watch=true ignored, a plain list)."`
	NoWatch            bool          `name:"no-watch" help:"Refuse watch=true with 405, as a server without watch support."`
	NoAllPods          bool          `name:"no-all-pods" help:"Answer GET /apis/cci/v2/pods (every namespace) with 404."`
	Throttle           int           `placeholder:"N" help:"Answer every N-th API request with 429 TooManyRequests (0: never)."`
	ThrottleRetryAfter time.Duration `name:"throttle-retry-after" default:"1s" help:"Retry-After sent with --throttle's 429s (0: none, clients back off by themselves)."`
	NoEvents           bool          `name:"no-events" help:"Answer the events path with 404, as OTC's CCI (which documents no events)."`
	LogInterval        time.Duration `name:"log-interval" default:"1s" placeholder:"D" help:"Time between two lines of a running container's log (e.g. 50us for 20,000 lines/s)."`
}

// apply sets the shape options on opts.
func (sh ServeShapes) apply(opts *localcci.Options) {
	opts.APIShape, opts.NoWatch, opts.NoAllPods = sh.APIShape, sh.NoWatch, sh.NoAllPods
	opts.Throttle, opts.ThrottleRetryAfter = sh.Throttle, sh.ThrottleRetryAfter
	opts.NoEvents, opts.LogInterval = sh.NoEvents, sh.LogInterval
}

// Run serves until SIGINT or SIGTERM, then stops cleanly (ending watches and exec processes).
func (c *ServeCmd) Run(g *Globals) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return c.serve(ctx, g, os.Stdout)
}

// serve starts the server, writes the banner to out and serves until ctx is done.
func (c *ServeCmd) serve(ctx context.Context, g *Globals, out io.Writer) error {
	protos, err := localcci.ParseExecProtocols(c.ExecProtocols)
	if err != nil {
		return fmt.Errorf("serve: --exec-protocols: %w", err)
	}
	if c.PodNice < 0 || c.PodNice > 19 {
		return fmt.Errorf("serve: --pod-nice %d is out of range: give 0 (the server's own priority) to 19", c.PodNice)
	}
	opts := localcci.Options{Token: g.Token, Animate: c.Animate, ExecProtocols: protos, WSFragments: c.WSFragments, Fleet: c.Fleet, PodNice: c.PodNice}
	if c.PodNice == 0 {
		opts.PodNice = -1 // Options' zero is the default
	}
	c.ServeShapes.apply(&opts)
	fixture := "the built-in demo fixture"
	if c.Fixture != "" {
		fx, err := localcci.LoadFixture(c.Fixture)
		if err != nil {
			return err
		}
		opts.Fixture = fx
		fixture = c.Fixture
	}
	var in *localcci.Instance
	if c.TLS {
		c.CertFile = cmp.Or(c.CertFile, filepath.Join(config.SystemEnv().CacheHome, "podmux", "serve-cert.pem"))
		in, err = localcci.StartTLS(opts, c.Listen, c.AllowRemote, c.CertFile)
	} else {
		in, err = localcci.Start(opts, c.Listen, c.AllowRemote)
	}
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer in.Close()

	who := "the user running podmux"
	if u, err := user.Current(); err == nil {
		who = "user " + u.Username
	}
	tokenNote := "(from --token / PODMUX_TOKEN)"
	if g.Token == "" {
		tokenNote = "(generated for this run; pass --token to choose one)"
	}
	fmt.Fprintf(out, "podmux serve: a LOCAL CCI-compatible server, not a cloud.\n")
	fmt.Fprintf(out, "  Its pods are processes on THIS machine: exec runs commands here as %s.\n", who)
	fmt.Fprintf(out, "  URL:     %s\n", in.URL)
	fmt.Fprintf(out, "  Token:   %s %s\n", in.Token(), tokenNote)
	fmt.Fprintf(out, "  Fixture: %s\n", fixture)
	fmt.Fprintf(out, "  Exec:    %s\n", in.Server.ExecSummary())
	if sh := c.ServeShapes; sh.APIShape != "default" || sh.NoWatch || sh.NoAllPods || sh.Throttle > 0 {
		fmt.Fprintf(out, "  Shape:   %s (no-watch %v, no-all-pods %v, 429 every %d requests, Retry-After %v)\n",
			sh.APIShape, sh.NoWatch, sh.NoAllPods, sh.Throttle, sh.ThrottleRetryAfter)
	}
	if c.TLS {
		fmt.Fprintf(out, "  TLS:     self-signed certificate in %s\n", c.CertFile)
		fmt.Fprintf(out, "  Connect: PODMUX_TOKEN=%s podmux --endpoint %s --ca-file %s\n", in.Token(), in.URL, c.CertFile)
	} else {
		fmt.Fprintf(out, "  Connect: PODMUX_TOKEN=%s podmux --endpoint %s\n", in.Token(), in.URL)
	}
	if host, _, err := net.SplitHostPort(c.Listen); err == nil && !isLoopbackHost(host) {
		fmt.Fprintf(out, "  WARNING: listening beyond loopback (--allow-remote): anyone with the token can run commands on this machine.\n")
	}
	fmt.Fprintf(out, "Press Ctrl-C to stop.\n")

	<-ctx.Done()
	fmt.Fprintf(out, "podmux serve: stopping.\n")
	if err := in.Close(); err != nil {
		return fmt.Errorf("serve: stopping: %w", err)
	}
	return nil
}

func isLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
