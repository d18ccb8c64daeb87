package localcci

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
	"time"

	"github.com/creack/pty"
)

// defaultPath is the PATH exec'd commands get when the server's own environment has none.
const defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

// killGrace is how long a process group gets between SIGHUP and SIGKILL.
const killGrace = 500 * time.Millisecond

// process is one exec'd command: the leader of its own process group (its own session under a
// pty), so the whole group can be signalled and nothing outlives the exec.
type process struct {
	cmd    *exec.Cmd
	pty    *os.File       // tty mode: the pty master (stdin and output)
	stdin  io.WriteCloser // pipe mode: nil when stdin was not requested
	stdout *os.File       // pipe mode: read ends, nil when not requested
	stderr *os.File
	done   chan struct{} // closed once the leader was reaped; waitErr is then final
	wait   error
}

// startProcess starts req's command. With a tty it runs in a new session on a pty of the given
// size; otherwise with pipes for the requested streams (unrequested ones are /dev/null).
func startProcess(req *execRequest, cols, rows uint16) (*process, error) {
	cmd := exec.Command(req.command[0], req.command[1:]...)
	cmd.Dir = req.dir
	cmd.Env = execEnv(req)
	p := &process{cmd: cmd, done: make(chan struct{})}
	if req.tty {
		f, err := pty.StartWithAttrs(cmd, &pty.Winsize{Cols: cols, Rows: rows},
			&syscall.SysProcAttr{Setsid: true, Setctty: true})
		if err != nil {
			return nil, err
		}
		p.pty = f
	} else {
		if err := p.startPipes(req); err != nil {
			return nil, err
		}
	}
	if req.nice > 0 {
		// Options.PodNice: the whole process group (the leader is its own group); best effort.
		_ = syscall.Setpriority(syscall.PRIO_PGRP, cmd.Process.Pid, req.nice)
		if req.tty {
			niceSession(cmd.Process.Pid, req.nice)
		}
	}
	go func() {
		p.wait = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// startPipes starts cmd with a pipe for each requested stream (the others are /dev/null).
func (p *process) startPipes(req *execRequest) error {
	cmd := p.cmd
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var childEnds []*os.File
	fail := func(err error) error {
		for _, f := range childEnds {
			_ = f.Close()
		}
		p.closeFiles()
		return err
	}
	if req.stdin {
		r, w, err := os.Pipe()
		if err != nil {
			return fail(err)
		}
		cmd.Stdin, p.stdin = r, w
		childEnds = append(childEnds, r)
	}
	if req.stdout {
		r, w, err := os.Pipe()
		if err != nil {
			return fail(err)
		}
		cmd.Stdout, p.stdout = w, r
		childEnds = append(childEnds, w)
	}
	if req.stderr {
		r, w, err := os.Pipe()
		if err != nil {
			return fail(err)
		}
		cmd.Stderr, p.stderr = w, r
		childEnds = append(childEnds, w)
	}
	if err := cmd.Start(); err != nil {
		return fail(err)
	}
	for _, f := range childEnds {
		_ = f.Close() // the child holds its own copies
	}
	return nil
}

// bulkPipeSize is the kernel buffer a non-tty output pipe gets once its output proves to be bulk
// (see pump): 16x the default, so bulk output is read in large pieces. Only bulk pipes grow, as
// all of one user's pipes share a budget (/proc/sys/fs/pipe-user-pages-soft, 64 MiB).
const bulkPipeSize = 1 << 20

// execEnv is the command's environment: a minimal, predictable one naming the pod.
func execEnv(req *execRequest) []string {
	path := os.Getenv("PATH")
	if path == "" {
		path = defaultPath
	}
	env := []string{
		"PATH=" + path,
		"HOME=" + req.dir,
		"PWD=" + req.dir,
		"CCI_NAMESPACE=" + req.ns,
		"CCI_POD=" + req.pod,
		"CCI_CONTAINER=" + req.container,
		"HOSTNAME=" + req.pod,
	}
	if lang := os.Getenv("LANG"); lang != "" {
		env = append(env, "LANG="+lang)
	}
	if req.tty {
		// A container's hostname is its pod's name, so its shell prompt names the pod; bash's
		// prompt here would name this machine. PROMPT_COMMAND sets bash's PS1 before each
		// prompt (the system bashrc sets PS1 itself); other shells ignore it.
		env = append(env, "TERM=xterm-256color", `PROMPT_COMMAND=PS1="\u@$CCI_POD:\w\\$ "`)
	}
	return env
}

// outputs returns the readers to pump, paired with their channel.
func (p *process) outputs() (stdout, stderr *os.File) {
	if p.pty != nil {
		return p.pty, nil
	}
	return p.stdout, p.stderr
}

// writeStdin writes client input to the process.
func (p *process) writeStdin(b []byte) error {
	if p.pty != nil {
		_, err := p.pty.Write(b)
		return err
	}
	if p.stdin == nil {
		return nil
	}
	_, err := p.stdin.Write(b)
	return err
}

// closeStdin is the client's stdin EOF: the pipe is closed; on a pty, which has no half-close,
// the terminal's EOF character (^D) is written instead.
func (p *process) closeStdin() {
	if p.pty != nil {
		_, _ = p.pty.Write([]byte{4})
		return
	}
	if p.stdin != nil {
		_ = p.stdin.Close()
	}
}

// resize applies a terminal size (the kernel sends SIGWINCH to the foreground group).
func (p *process) resize(cols, rows uint16) {
	if p.pty != nil {
		_ = pty.Setsize(p.pty, &pty.Winsize{Cols: cols, Rows: rows})
	}
}

// hangup sends SIGHUP and SIGCONT to the process group and returns at once.
func (p *process) hangup() {
	pgid := p.cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGHUP)
	_ = syscall.Kill(-pgid, syscall.SIGCONT)
}

// killGroup ends the whole process group: SIGHUP, then SIGKILL after killGrace unless the
// leader was reaped by then, then SIGKILL again for members that outlived the leader. It returns
// once the leader was reaped, so no zombie is left.
func (p *process) killGroup() {
	pgid := p.cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGHUP)
	_ = syscall.Kill(-pgid, syscall.SIGCONT)
	t := time.NewTimer(killGrace)
	select {
	case <-p.done:
	case <-t.C:
	}
	t.Stop()
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	<-p.done
}

// closeFiles closes the server's ends of the process's streams.
func (p *process) closeFiles() {
	for _, f := range []*os.File{p.pty, p.stdout, p.stderr} {
		if f != nil {
			_ = f.Close()
		}
	}
	if p.stdin != nil {
		_ = p.stdin.Close()
	}
}

// exitStatus turns the reaped leader's wait error into an exit code: the code itself, or
// 128+signal for a leader killed by a signal (the shell's convention).
func exitStatus(err error) (code int, ok bool, desc string) {
	if err == nil {
		return 0, true, ""
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return -1, false, err.Error()
	}
	ws, isWS := ee.Sys().(syscall.WaitStatus)
	switch {
	case isWS && ws.Signaled():
		return 128 + int(ws.Signal()), true, fmt.Sprintf("killed by signal %s", ws.Signal())
	default:
		return ee.ExitCode(), true, fmt.Sprintf("exit code %d", ee.ExitCode())
	}
}
