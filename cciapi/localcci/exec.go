package localcci

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gorilla/websocket"
)

// execRequest is a parsed exec request.
type execRequest struct {
	ns, pod, container string
	command            []string
	stdin, stdout      bool
	stderr, tty        bool
	proto              string // the negotiated WebSocket subprotocol or SPDY version
	dir                string
	nice               int // Options.PodNice (> 0: lower the process group to it)
}

// exec serves …/pods/{name}/exec as kubelet and the API server do: GET as a Kubernetes exec
// WebSocket (v5.channel.k8s.io or v4.channel.k8s.io), POST as SPDY/3.1 (exec_spdy.go), each
// only when the server speaks it (Options.ExecProtocols). The command runs as a local process in
// the pod's working directory, under a pty when tty=true. Every error before the upgrade is a
// Status answer: 400 for a bad request (no command, no stream, no upgrade, no offered protocol
// version), 403 when none of the offered versions is spoken, 404 for an unknown namespace or
// pod, 405 for POST on a server without SPDY, 503 while the server shuts down. POST's
// Content-Type is not looked at (the API reference makes clients send application/json; the
// body is empty).
func (s *Server) exec(w http.ResponseWriter, r *http.Request) {
	isSPDY := r.Method == http.MethodPost
	switch {
	case isSPDY && !s.protos.spdy:
		w.Header().Set("Allow", "GET")
		WriteStatus(w, http.StatusMethodNotAllowed, "MethodNotAllowed",
			"this server speaks exec over WebSocket only (GET with subprotocol "+strings.Join(s.protos.ws, " or ")+"), not SPDY (POST)")
		return
	case !isSPDY && len(s.protos.ws) == 0 && websocket.IsWebSocketUpgrade(r):
		WriteStatus(w, http.StatusBadRequest, "BadRequest",
			"unable to upgrade: this server speaks exec over SPDY/3.1 only (POST with Upgrade: SPDY/3.1), not WebSocket")
		return
	}
	req, aerr := s.parseExec(r)
	if aerr == nil {
		if isSPDY {
			req.proto, aerr = spdyNegotiate(w, r)
		} else {
			req.proto, aerr = s.negotiateWS(r)
		}
	}
	if aerr != nil {
		WriteStatus(w, aerr.Code, aerr.Reason, aerr.Msg)
		return
	}
	sess := newExecSession(s, req)
	if !s.execReg.register(sess, &s.execs) {
		WriteStatus(w, http.StatusServiceUnavailable, "ServiceUnavailable", "the local server is shutting down")
		return
	}
	defer s.execReg.unregister(sess, &s.execs)
	if isSPDY {
		if c := upgradeSPDY(w, req); c != nil {
			defer s.sendBufs.bound(c.nc, req.tty)()
			sess.run(c)
		}
		return
	}
	var frames *frameWatch
	if s.fragments == FragmentsReject {
		frames = &frameWatch{}
		w = watchedWriter{ResponseWriter: w, w: frames}
	}
	// No write buffer of its own (WriteBufferSize 0 reuses the hijacked 4 KiB one): a server
	// WriteMessage copies the head of the message into it and writes the rest straight from
	// the pump's buffer, so a bigger one would only copy more of every bulk frame.
	up := websocket.Upgrader{
		Subprotocols:   []string{req.proto},
		ReadBufferSize: 32 << 10,
	}
	conn, err := up.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader answered the client with an HTTP error
	}
	defer s.sendBufs.bound(conn.NetConn(), req.tty)()
	sess.run(newWSConn(conn, frames))
}

// negotiateWS picks the WebSocket subprotocol: v5 before v4, among those the server speaks.
// Errors: 400 without a WebSocket upgrade, 403 when no offered subprotocol is spoken (as
// Kubernetes' x/net/websocket-based servers answer).
func (s *Server) negotiateWS(r *http.Request) (string, *apiError) {
	if !websocket.IsWebSocketUpgrade(r) {
		return "", execBadRequest("exec needs a WebSocket upgrade (Connection: Upgrade, Upgrade: websocket) offering " + strings.Join(s.protos.ws, " or "))
	}
	offered := websocket.Subprotocols(r)
	for _, want := range s.protos.ws {
		if slices.Contains(offered, want) {
			return want, nil
		}
	}
	return "", &apiError{Code: http.StatusForbidden, Reason: "Forbidden", Msg: fmt.Sprintf(
		"none of the offered exec subprotocols [%s] is supported: offer %s",
		strings.Join(offered, ", "), strings.Join(s.protos.ws, " or "))}
}

// parseExec validates the query and resolves the container and its working directory.
func (s *Server) parseExec(r *http.Request) (*execRequest, *apiError) {
	q := r.URL.Query()
	req := &execRequest{ns: r.PathValue("ns"), pod: r.PathValue("name"), command: q["command"], nice: s.opts.PodNice}
	if len(req.command) == 0 || req.command[0] == "" {
		return nil, execBadRequest("exec needs a command: add one or more command= parameters (e.g. ?command=sh&command=-c&command=date)")
	}
	for name, dst := range map[string]*bool{"stdin": &req.stdin, "stdout": &req.stdout, "stderr": &req.stderr, "tty": &req.tty} {
		v := q.Get(name)
		if v == "" {
			continue
		}
		b, err := strconv.ParseBool(v)
		if err != nil {
			return nil, execBadRequest(fmt.Sprintf("exec parameter %s=%q is not a boolean: use true or false", name, v))
		}
		*dst = b
	}
	if req.tty {
		req.stderr = false // a terminal merges stderr into stdout
	}
	if !req.stdin && !req.stdout && !req.stderr {
		return nil, execBadRequest("exec needs at least one of stdin, stdout and stderr set to true")
	}
	pod, container, aerr := s.findContainer(req.ns, req.pod, q.Get("container"))
	if aerr != nil {
		return nil, aerr
	}
	req.container = container
	if pod.Metadata.Name != "" {
		req.pod = pod.Metadata.Name
	}
	dir, err := s.podDir(req.ns, req.pod)
	if err != nil {
		return nil, &apiError{Code: http.StatusInternalServerError, Reason: "InternalError", Msg: err.Error()}
	}
	req.dir = dir
	return req, nil
}

func execBadRequest(msg string) *apiError {
	return &apiError{Code: http.StatusBadRequest, Reason: "BadRequest", Msg: msg}
}
