package main

import (
	"context"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"time"

	"github.com/podmux/podmux/bench/ui/internal/ptyscreen"
	"github.com/podmux/podmux/cciapi"
)

// floors measures what no terminal can beat for `seq 1 N` on a tty on this machine, to read the
// pane figures against:
//   - exec: the same command through the same server on a tty, its output read and discarded by
//     a bare cciapi client (no engine, no screen): the server's pty and the stream alone;
//   - pty: `script` running it on a local pty, output to /dev/null: the kernel's pty alone.
func floors(srv *ptyscreen.Server, pod string, lines int) (execSecs, ptySecs float64, err error) {
	c, err := cciapi.NewClient(cciapi.Config{Endpoint: srv.URL, Auth: cciapi.TokenAuth(srv.Token)})
	if err != nil {
		return 0, 0, err
	}
	t0 := time.Now()
	st, err := c.Exec(context.Background(), cciapi.ExecOptions{Namespace: "shop", Pod: pod,
		Command: []string{"seq", "1", strconv.Itoa(lines)}, Stdout: true, TTY: true, InitialWidth: 200, InitialHeight: 50})
	if err != nil {
		return 0, 0, err
	}
	n, err := io.Copy(io.Discard, st.Stdout())
	if err != nil {
		return 0, 0, err
	}
	if code, err := st.Wait(); err != nil || code != 0 {
		return 0, 0, fmt.Errorf("floor exec: exit %d, %v", code, err)
	}
	_ = st.Close()
	execSecs = time.Since(t0).Seconds()
	if n < int64(lines) {
		return 0, 0, fmt.Errorf("floor exec: %d bytes", n)
	}
	t0 = time.Now()
	if out, err := exec.Command("script", "-qc", fmt.Sprintf("seq 1 %d", lines), "/dev/null").CombinedOutput(); err != nil {
		return 0, 0, fmt.Errorf("script: %v: %.200s", err, out)
	}
	return execSecs, time.Since(t0).Seconds(), nil
}
