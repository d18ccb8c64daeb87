package localcci

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gorilla/websocket"

	"github.com/podmux/podmux/cciapi"
)

// execRequest is a parsed exec request.
type execRequest struct {
	ns, pod, container string
	command            []string
	stdin, stdout      bool
	stderr, tty        bool
	proto              string
	dir                string
}

// exec serves GET …/pods/{name}/exec as a Kubernetes exec WebSocket (v5.channel.k8s.io or
// v4.channel.k8s.io): the command runs as a local process in the pod's working directory, under
// a pty when tty=true. Every error before the upgrade is a Status answer: 400 for a bad request
// (no command, no stream, no WebSocket upgrade, no supported subprotocol), 404 for an unknown
// namespace or pod, 405 for SPDY (POST), 503 while the server shuts down.
func (s *Server) exec(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		WriteStatus(w, http.StatusMethodNotAllowed, "MethodNotAllowed",
			"SPDY not supported yet: the local server speaks exec over WebSocket only (GET with subprotocol "+cciapi.ProtocolV5+" or "+cciapi.ProtocolV4+")")
		return
	}
	req, aerr := s.parseExec(r)
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
	boundLoopbackSendBuffer(conn.NetConn())
	sess.run(conn)
}

// parseExec validates the query, resolves the container and negotiates the subprotocol.
func (s *Server) parseExec(r *http.Request) (*execRequest, *apiError) {
	q := r.URL.Query()
	req := &execRequest{ns: r.PathValue("ns"), pod: r.PathValue("name"), command: q["command"]}
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
	if !websocket.IsWebSocketUpgrade(r) {
		return nil, execBadRequest("exec needs a WebSocket upgrade (Connection: Upgrade, Upgrade: websocket) offering " + cciapi.ProtocolV5 + " or " + cciapi.ProtocolV4)
	}
	offered := websocket.Subprotocols(r)
	for _, want := range []string{cciapi.ProtocolV5, cciapi.ProtocolV4} {
		for _, p := range offered {
			if p == want && req.proto == "" {
				req.proto = p
			}
		}
	}
	if req.proto == "" {
		return nil, &apiError{Code: http.StatusForbidden, Reason: "Forbidden", Msg: fmt.Sprintf(
			"none of the offered exec subprotocols [%s] is supported: offer %s or %s",
			strings.Join(offered, ", "), cciapi.ProtocolV5, cciapi.ProtocolV4)}
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
