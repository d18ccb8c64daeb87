package record

import (
	"fmt"
	"time"
)

// playerKey is a control a key asks a Player for.
type playerKey uint8

const (
	keyNone playerKey = iota
	keyPause
	keyForward
	keyBack
	keyFaster
	keySlower
	keyStep
	keyQuit
)

// keyParser turns terminal input bytes into controls. It understands the plain keys and the
// arrow keys in both encodings (CSI: ESC [ C, with or without modifier parameters, and SS3:
// ESC O C, sent in application cursor mode); other escape sequences are skipped whole.
type keyParser struct {
	state uint8 // 0 ground, 1 after ESC, 2 in a CSI sequence, 3 after ESC O
}

// feed reads one byte and returns the control it completes, if any.
func (k *keyParser) feed(c byte) playerKey {
	switch k.state {
	case 1:
		switch c {
		case '[':
			k.state = 2
			return keyNone
		case 'O':
			k.state = 3
			return keyNone
		case 0x1b:
			return keyNone
		}
		k.state = 0 // ESC then a key (alt+key): read the key alone
	case 2:
		switch {
		case c >= 0x20 && c <= 0x3f: // parameters and intermediates
			return keyNone
		case c >= 0x40 && c <= 0x7e:
			k.state = 0
			return arrow(c)
		}
		k.state = 0 // a broken sequence: read the byte afresh
	case 3:
		k.state = 0
		return arrow(c)
	}
	switch c {
	case 0x1b:
		k.state = 1
	case ' ':
		return keyPause
	case '+', '=':
		return keyFaster
	case '-', '_':
		return keySlower
	case '.':
		return keyStep
	case 'q', 'Q', 0x03, 0x04: // q, ctrl+c, ctrl+d
		return keyQuit
	}
	return keyNone
}

func arrow(final byte) playerKey {
	switch final {
	case 'C':
		return keyForward
	case 'D':
		return keyBack
	}
	return keyNone
}

// input is Stdin().Write: it applies the keys in b in order.
func (p *Player) input(b []byte) (int, error) {
	p.mu.Lock()
	ended, shut := p.ended, p.stdinShut
	p.mu.Unlock()
	if ended {
		return 0, errEnded
	}
	if shut {
		return 0, errStdinClosed
	}
	for _, c := range b {
		p.mu.Lock()
		k := p.keys.feed(c)
		p.mu.Unlock()
		switch k {
		case keyPause:
			p.TogglePause()
		case keyForward:
			p.Seek(p.step)
		case keyBack:
			p.Seek(-p.step)
		case keyFaster:
			p.SetSpeed(2)
		case keySlower:
			p.SetSpeed(0.5)
		case keyStep:
			p.Step()
		case keyQuit:
			p.Quit()
		}
	}
	return len(b), nil
}

// PlayerStatus is what a UI shows about a replay. Position and Duration are on the capped
// timeline (see PlayerOptions.IdleLimit); 0 ≤ Position ≤ Duration. Cols and Rows are the
// recording's terminal size at the position delivered so far.
type PlayerStatus struct {
	Position, Duration time.Duration
	Speed              float64
	Paused, Ended      bool
	Cols, Rows         int
}

// Status returns the current position, duration, speed and state. At maximum speed the
// position is that of the last event delivered.
func (p *Player) Status() PlayerStatus {
	p.mu.Lock()
	defer p.mu.Unlock()
	pos := p.delivered
	if !p.maxSpeed {
		pos = p.posLocked(p.clock.Now())
	}
	return PlayerStatus{
		Position: min(max(pos, 0), p.duration),
		Duration: p.duration,
		Speed:    p.speed,
		Paused:   p.paused,
		Ended:    p.ended,
		Cols:     p.cols,
		Rows:     p.rows,
	}
}

// Text is a one-line status, e.g. "paused 0:12 / 1:30 x2".
func (s PlayerStatus) Text() string {
	state := "playing"
	switch {
	case s.Ended:
		state = "ended"
	case s.Paused:
		state = "paused"
	}
	return fmt.Sprintf("%s %s / %s x%s", state, clockText(s.Position), clockText(s.Duration), speedText(s.Speed))
}

func clockText(d time.Duration) string {
	s := int64(d / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

func speedText(f float64) string {
	if f >= 1 {
		return fmt.Sprintf("%g", f)
	}
	return fmt.Sprintf("1/%g", 1/f)
}
