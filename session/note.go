package session

// Note writes a "[podmux] text" line in red into the session's screen, below its output, as
// the line saying how a run ended: for what the UI learns about the end afterwards (the pod was
// deleted, the container crashed). It does nothing while the session runs.
func (s *Session) Note(text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.status.Ended() {
		return
	}
	s.writeNote("31", text)
	s.m.markDirty(s.id)
}
