package main

import (
	"bytes"
	"fmt"
	"net/http"
	"time"

	"github.com/gorilla/websocket"
)

// normalClose is the server's close frame as the local server sends it after the status:
// FIN+close opcode, a 2-byte payload, code 1000.
var normalClose = []byte{0x88, 0x02, 0x03, 0xe8}

// rawDrain is the ceiling for any client of this server: it makes the same exec upgrade, then
// reads the connection into one reused 1 MiB buffer without parsing a frame. The sink gets the
// first want bytes (frame headers count, so it stops a few hundred bytes short of the last
// payload byte). Then it reads on until the server's close frame, which follows the exit status,
// and answers it, so it ends the exec as a client does and the server tears nothing down under
// the next round: what it measures is the server, `dd` and the kernel alone.
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
	var tail []byte
	for n := int64(0); ; {
		m, err := nc.Read(buf)
		if n < want {
			_, _ = w.Write(buf[:min(int64(m), want-n)])
		}
		n += int64(m)
		if err != nil {
			return fmt.Errorf("raw: read %d of %d bytes: %v", n, want, err)
		}
		tail = append(tail[:0], tail[max(0, len(tail)-3):]...)
		tail = append(tail, buf[max(0, m-len(normalClose)):m]...)
		if n >= want && bytes.HasSuffix(tail, normalClose) {
			_ = conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
			return nil
		}
	}
}
