package session

// teeState is the output tee of one run of a session (start or restart), opened at the first
// attach and kept across reconnects, so one recording covers the whole run with markers where
// the connection dropped.
type teeState struct {
	t      Tee
	tried  bool // the factory was called (it may have failed: then t is nil)
	failed bool // a failure was reported as a notice already
}

// open calls the Manager's Tee factory once, for the first command that runs.
func (ts *teeState) open(s *Session, cmd []string, cols, rows int) {
	if ts.tried || s.m.opts.Tee == nil {
		return
	}
	ts.tried = true
	t, err := s.m.opts.Tee(s.id, s.target, cmd, cols, rows)
	if err != nil {
		s.m.emit(Event{ID: s.id, Status: s.Status(), Notice: "not recording: " + err.Error()})
		return
	}
	ts.t = t
	s.pump.Lock()
	shut := s.teeShut
	if !shut {
		s.liveTee = t
	}
	s.pump.Unlock()
	if shut { // the program is quitting: this run is not recorded
		_ = t.Close()
		ts.t = nil
	}
}

// forget unpublishes the tee Manager.Shutdown would close.
func (ts *teeState) forget(s *Session) {
	s.pump.Lock()
	s.liveTee = nil
	s.pump.Unlock()
}

// output copies p to the tee and reports its first failure as a notice.
func (ts *teeState) output(s *Session, p []byte) {
	if ts.t == nil {
		return
	}
	ts.t.Output(p)
	if err := ts.t.Err(); err != nil && !ts.failed {
		ts.failed = true
		s.m.emit(Event{ID: s.id, Status: s.Status(), Notice: "recording: " + err.Error()})
	}
}

// marker adds a marker to the tee when it takes them (a recording: asciicast "m" events).
func (ts *teeState) marker(label string) {
	if m, ok := ts.t.(interface{ Marker(string) }); ok {
		m.Marker(label)
	}
}

// discard drops the tee of a command that turned out not to run (a missing shell), when the
// tee can be dropped (a recording removes its file), so the next command opens its own and the
// recording names the shell that ran.
func (ts *teeState) discard(s *Session) {
	ts.forget(s)
	d, ok := ts.t.(interface{ Discard() error })
	if !ok {
		return
	}
	if err := d.Discard(); err != nil && !ts.failed {
		s.m.emit(Event{ID: s.id, Status: s.Status(), Notice: "recording: " + err.Error()})
	}
	ts.t, ts.tried, ts.failed = nil, false, false
}

// close ends the tee, reporting a failure not reported yet.
func (ts *teeState) close(s *Session) {
	if ts.t == nil {
		return
	}
	ts.forget(s)
	if err := ts.t.Close(); err != nil && !ts.failed {
		s.m.emit(Event{ID: s.id, Status: s.Status(), Notice: "recording: " + err.Error()})
	}
	ts.t = nil
}
