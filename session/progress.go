package session

// Progresser is a Stream that can say how far it got, e.g. a recording being played: "paused
// 01:12 / 04:30 x1". A pane shows it in its border.
type Progresser interface {
	Progress() string
}

// Progress is the progress line of the session's stream when the stream reports one (see
// Progresser), else "". It keeps answering after the stream ended, with its last state.
func (s *Session) Progress() string {
	s.mu.Lock()
	p := s.progress
	s.mu.Unlock()
	if p == nil {
		return ""
	}
	return p.Progress()
}
