package main

import (
	"fmt"
	"net/http"

	"github.com/gorilla/websocket"
)

// rawDrain is the ceiling for any client of this server: it makes the same exec upgrade, then
// reads want bytes of the connection (frame headers count, so it stops a few hundred bytes
// short of the last payload byte) without parsing a frame, and hangs up: what it measures is the
// server, `dd` and the kernel alone.
func rawDrain(wsURL, token string, want int64, w *counter) error {
	d := websocket.Dialer{Subprotocols: []string{"v5.channel.k8s.io"}}
	conn, resp, err := d.Dial(wsURL, http.Header{"X-Auth-Token": {token}})
	if err != nil {
		return fmt.Errorf("raw: %v", err)
	}
	if resp.Body != nil {
		_ = resp.Body.Close()
	}
	defer conn.Close()
	// Reads into one reused 1 MiB buffer (io.Discard's own is 8 KiB: many more syscalls).
	buf := make([]byte, 1<<20)
	nc := conn.NetConn()
	for n := int64(0); n < want; {
		m, err := nc.Read(buf[:min(int64(len(buf)), want-n)])
		n += int64(m)
		_, _ = w.Write(buf[:m])
		if err != nil {
			return fmt.Errorf("raw: read %d of %d bytes: %v", n, want, err)
		}
	}
	return nil
}
