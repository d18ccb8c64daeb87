package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/moby/spdystream"
)

// bareSPDY is the floor for any client built on moby/spdystream's Connection (podmux's and
// client-go's both are): the same SPDY/3.1 exec upgrade, the error and stdout streams, and
// spdystream's own ReadData loop on stdout, each frame counted and dropped, with no pipe, no
// copy, no keepalive and no status decoding. What it costs is the server, the kernel and
// spdystream's receive path (its read loop, frame queue, worker and a fresh buffer per DATA
// frame), which no client of spdystream avoids.
func bareSPDY(execURL, token string, want int64, w *counter) error {
	u, err := url.Parse(execURL)
	if err != nil {
		return err
	}
	nc, err := net.DialTimeout("tcp", u.Host, 5*time.Second)
	if err != nil {
		return fmt.Errorf("bare spdy: %v", err)
	}
	defer nc.Close()
	req, err := http.NewRequest(http.MethodPost, execURL, nil)
	if err != nil {
		return err
	}
	req.Header.Set("X-Auth-Token", token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Connection", "Upgrade")
	req.Header.Set("Upgrade", "SPDY/3.1")
	req.Header.Set("X-Stream-Protocol-Version", "v4.channel.k8s.io")
	if err := req.Write(nc); err != nil {
		return fmt.Errorf("bare spdy: %v", err)
	}
	br := bufio.NewReader(nc)
	resp, err := http.ReadResponse(br, req)
	if err != nil {
		return fmt.Errorf("bare spdy: %v", err)
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		return fmt.Errorf("bare spdy: upgrade refused: %s", resp.Status)
	}
	conn, err := spdystream.NewConnection(readerConn{Conn: nc, r: br}, false)
	if err != nil {
		return err
	}
	defer conn.Close()
	go conn.Serve(func(s *spdystream.Stream) { _ = s.Refuse() })
	open := func(kind string) (*spdystream.Stream, error) {
		st, err := conn.CreateStream(http.Header{"streamType": {kind}}, nil, false)
		if err == nil {
			err = st.WaitTimeout(5 * time.Second)
		}
		return st, err
	}
	errs, err := open("error")
	if err != nil {
		return fmt.Errorf("bare spdy: %v", err)
	}
	stdout, err := open("stdout")
	if err != nil {
		return fmt.Errorf("bare spdy: %v", err)
	}
	for {
		b, err := stdout.ReadData()
		if err != nil {
			break
		}
		_, _ = w.Write(b)
	}
	if _, err := io.Copy(io.Discard, errs); err != nil {
		return fmt.Errorf("bare spdy: error stream: %v", err)
	}
	if w.n != want {
		return fmt.Errorf("bare spdy: read %d of %d bytes", w.n, want)
	}
	return nil
}

// readerConn reads through the upgrade answer's reader (it may hold the first frames).
type readerConn struct {
	net.Conn
	r io.Reader
}

func (c readerConn) Read(p []byte) (int, error) { return c.r.Read(p) }
