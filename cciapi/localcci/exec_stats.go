package localcci

import "sync"

// procStats counts exec'd processes: one is counted from its start until its leader was
// reaped, which always happens before its exec's status is written.
type procStats struct {
	mu                   sync.Mutex
	running, peak, total int
}

func (p *procStats) started() {
	p.mu.Lock()
	p.running++
	p.total++
	p.peak = max(p.peak, p.running)
	p.mu.Unlock()
}

func (p *procStats) ended() {
	p.mu.Lock()
	p.running--
	p.mu.Unlock()
}

// ExecProcesses reports how many exec'd processes run now, the most that ran at once since
// the last ResetExecPeak, and how many were started in all. Tests use it to check that a
// client's concurrency bound holds and that nothing is left running.
func (s *Server) ExecProcesses() (running, peak, total int) {
	s.procs.mu.Lock()
	defer s.procs.mu.Unlock()
	return s.procs.running, s.procs.peak, s.procs.total
}

// ResetExecPeak starts counting the peak of concurrent processes anew.
func (s *Server) ResetExecPeak() {
	s.procs.mu.Lock()
	s.procs.peak = s.procs.running
	s.procs.mu.Unlock()
}
