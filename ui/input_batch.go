package ui

import "github.com/podmux/podmux/session"

// maxGathered is how many typed bytes one session gathers before they are sent without waiting
// for the end of the burst, so a huge paste streams instead of piling up in the UI.
const maxGathered = 64 << 10

// gathered is the input typed into one session during the current burst of messages.
type gathered struct {
	sess *session.Session
	buf  []byte
}

// sendInput queues b for s. Keys that arrive together (a paste typed as keys by a terminal
// without bracketed paste, keys typed ahead) reach the session as one write at the end of the
// burst (EndBurst) instead of one write per key; per session, bytes keep their order because
// every input to a session goes through here.
func (m *Model) sendInput(s *session.Session, b []byte) {
	if len(b) == 0 {
		return
	}
	for i := range m.typed {
		if g := &m.typed[i]; g.sess == s {
			g.buf = append(g.buf, b...)
			if len(g.buf) >= maxGathered {
				m.flushInput(g)
			}
			return
		}
	}
	m.typed = append(m.typed, gathered{sess: s, buf: append([]byte(nil), b...)})
}

// EndBurst sends the input gathered since the last burst, one write per session. Bubble Tea
// (third_party/bubbletea, PODMUX.md) calls it before every View, so after the last of the
// messages that were ready at once; a single keystroke is sent before its frame is drawn.
func (m *Model) EndBurst() {
	for i := range m.typed {
		m.flushInput(&m.typed[i])
	}
	clear(m.typed)
	m.typed = m.typed[:0]
}

// flushInput sends g's bytes; an error shows in the status bar.
func (m *Model) flushInput(g *gathered) {
	if len(g.buf) == 0 {
		return
	}
	if err := g.sess.Send(g.buf); err != nil {
		m.setError(g.sess.Target().String() + ": " + err.Error())
	}
	g.buf = g.buf[:0]
}
