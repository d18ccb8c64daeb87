package ptyscreen

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// Server is a `podmux serve` running as its own process: the remote endpoint of a benchmark.
type Server struct {
	Cmd   *exec.Cmd
	URL   string
	Token string
	home  string // removed by Close
}

// Serve starts `bin serve` on a free loopback port with a fixed token and waits until it
// prints its URL. extra are more serve flags (e.g. --fixture FILE).
func Serve(bin string, extra ...string) (*Server, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	_ = l.Close()
	token := fmt.Sprintf("bench-%d", time.Now().UnixNano())
	home, err := os.MkdirTemp("", "podmux-uibench-serve-")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, append([]string{"serve", "--listen", addr, "--token", token, "--no-animate"}, extra...)...)
	// Its own session, as a server started in another terminal runs: under autogroup
	// scheduling it is then weighed apart from this benchmark's own work.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+home+"/config", "XDG_STATE_HOME="+home+"/state", "XDG_CACHE_HOME="+home+"/cache")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if u, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "URL:"); ok {
			go func() { // keep draining
				for sc.Scan() {
				}
			}()
			return &Server{Cmd: cmd, URL: strings.TrimSpace(u), Token: token, home: home}, nil
		}
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	_ = os.RemoveAll(home)
	return nil, fmt.Errorf("podmux serve ended before printing its URL")
}

// Args are the podmux arguments that connect to the server; Env its token.
func (s *Server) Args() []string { return []string{"--endpoint", s.URL} }

// Env is the environment entry holding the server's token.
func (s *Server) Env() string { return "PODMUX_TOKEN=" + s.Token }

// Close stops the server and waits for it.
func (s *Server) Close() {
	_ = s.Cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = s.Cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = s.Cmd.Process.Kill()
		<-done
	}
	_ = os.RemoveAll(s.home)
}
