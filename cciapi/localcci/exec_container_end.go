package localcci

import (
	"syscall"

	"github.com/podmux/podmux/cciapi"
)

// endExecsOf kills, as a container runtime does when a container stops, the processes of the
// exec sessions in pod ns/name whose container no longer runs: every one when the pod is gone
// (p nil), else those whose container's state is not Running (it crashed, completed or waits
// in back-off). Each process group gets SIGKILL, so the client sees the command end with exit
// code 137, as with a real container's exec.
func (s *Server) endExecsOf(ns, name string, p *cciapi.Pod) {
	running := map[string]bool{}
	if p != nil {
		for _, cs := range p.Status.ContainerStatuses {
			running[cs.Name] = cs.State.Running != nil
		}
	}
	x := &s.execReg
	x.mu.Lock()
	var victims []*process
	for sess := range x.sessions {
		r := sess.req
		if r.ns != ns || r.pod != name {
			continue
		}
		if p != nil {
			if up, known := running[r.container]; !known || up {
				continue
			}
		}
		sess.mu.Lock()
		if sess.proc != nil {
			victims = append(victims, sess.proc)
		}
		sess.mu.Unlock()
	}
	x.mu.Unlock()
	for _, proc := range victims {
		_ = syscall.Kill(-proc.cmd.Process.Pid, syscall.SIGKILL)
	}
}
