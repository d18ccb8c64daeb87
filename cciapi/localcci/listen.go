package localcci

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// Instance is a Server listening on a socket.
type Instance struct {
	Server *Server
	URL    string // base URL, e.g. http://127.0.0.1:41234
	ln     net.Listener
	hs     *http.Server
	done   chan struct{}
}

// Token returns the token clients must send.
func (in *Instance) Token() string { return in.Server.Token() }

// Start builds a Server and serves it on addr ("" means 127.0.0.1:0, a free loopback port).
// A non-loopback addr is refused unless allowRemote is set.
func Start(opts Options, addr string, allowRemote bool) (*Instance, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("listen address %q: %v (want host:port, e.g. 127.0.0.1:8443)", addr, err)
	}
	if !allowRemote {
		ip := net.ParseIP(host)
		if host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return nil, fmt.Errorf("listen address %q is not loopback: this server runs commands on this machine; pass --allow-remote to expose it", addr)
		}
	}
	s, err := New(opts)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		s.Close()
		return nil, err
	}
	in := &Instance{Server: s, URL: "http://" + ln.Addr().String(), ln: ln, done: make(chan struct{})}
	var h http.Handler = s
	if opts.Middleware != nil {
		h = opts.Middleware(s)
	}
	in.hs = &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		defer close(in.done)
		if err := in.hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			_ = err // the listener failed; Close still works
		}
	}()
	return in, nil
}

// CloseWithin is Close for a program on its way out, bounded by d: every exec process group is
// sent SIGHUP at once and every exec session told to end, then Close runs, and CloseWithin returns when
// Close did or d passed, whichever is first, reporting whether Close finished. Whatever is left
// ends with the process, so a quitting program never waits on the server's teardown.
func (in *Instance) CloseWithin(d time.Duration) bool {
	in.Server.execReg.hangup()
	in.Server.execReg.shutdown()
	done := make(chan struct{})
	go func() { _ = in.Close(); close(done) }()
	t := time.NewTimer(max(d, 0))
	defer t.Stop()
	select {
	case <-done:
		return true
	case <-t.C:
		return false
	}
}

// Close stops listening, ends every open connection (killing exec processes) and waits for the
// serve loop and the exec handlers to finish.
func (in *Instance) Close() error {
	in.Server.Close() // end watches and followed logs first, so Shutdown finds the connections idle
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	err := in.hs.Shutdown(ctx)
	if err != nil {
		err = in.hs.Close()
	}
	<-in.done
	in.Server.execReg.shutdown() // kill exec process groups, close their connections
	in.Server.execs.Wait()
	in.Server.execReg.removeTempRoot()
	return err
}
