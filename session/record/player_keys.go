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
// ESC O C, sent in application cursor mode). What is not a key is skipped whole, so it cannot
// be misread as keys: other CSI sequences, X10 mouse reports (ESC [ M and three bytes), string
// sequences (OSC, DCS, APC, PM, SOS: a terminal engine's replies to queries the recording makes)
// and bracketed pastes (ESC [ 200 ~ … ESC [ 201 ~).
type keyParser struct {
	state  uint8
	params []byte // CSI parameter bytes, up to maxParams
	skip   int    // bytes left to skip (X10 mouse) or read of a string sequence
	paste  bool   // inside a bracketed paste: keys are ignored
}

const (
	kGround = iota
	kEsc
	kCSI
	kSS3
	kString    // in OSC/DCS/APC/PM/SOS until BEL or ESC \
	kStringEsc // ESC inside a string
	kMouse     // skipping the three bytes of an X10 mouse report
)

const (
	maxParams    = 8
	maxStringLen = 64 << 10 // an unterminated string stops swallowing input after this
)

// feed reads one byte and returns the control it completes, if any.
func (k *keyParser) feed(c byte) playerKey {
	key := k.step(c)
	if k.paste {
		return keyNone
	}
	return key
}

func (k *keyParser) step(c byte) playerKey {
	switch k.state {
	case kEsc:
		switch c {
		case '[':
			k.state, k.params = kCSI, k.params[:0]
			return keyNone
		case 'O':
			k.state = kSS3
			return keyNone
		case ']', 'P', '_', '^', 'X':
			k.state, k.skip = kString, 0
			return keyNone
		case 0x1b:
			return keyNone
		}
		k.state = kGround // ESC then a key (alt+key): read the key alone
	case kCSI:
		switch {
		case c >= 0x20 && c <= 0x3f: // parameters and intermediates
			if len(k.params) < maxParams {
				k.params = append(k.params, c)
			}
			return keyNone
		case c >= 0x40 && c <= 0x7e:
			k.state = kGround
			return k.csi(c)
		}
		k.state = kGround // a broken sequence: read the byte afresh
	case kSS3:
		k.state = kGround
		return arrow(c)
	case kString:
		k.skip++
		switch {
		case c == 0x07 || k.skip > maxStringLen:
			k.state = kGround
		case c == 0x1b:
			k.state = kStringEsc
		}
		return keyNone
	case kStringEsc:
		k.state = kString
		if c == '\\' {
			k.state = kGround
		}
		return keyNone
	case kMouse:
		if k.skip--; k.skip == 0 {
			k.state = kGround
		}
		return keyNone
	}
	switch c {
	case 0x1b:
		k.state = kEsc
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

// csi handles a complete CSI sequence with the given final byte.
func (k *keyParser) csi(final byte) playerKey {
	p := string(k.params)
	switch {
	case final == 'M' && p == "":
		k.state, k.skip = kMouse, 3
	case final == '~' && p == "200":
		k.paste = true
	case final == '~' && p == "201":
		k.paste = false
	default:
		return arrow(final)
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
	// Stopped is set when the player was quit (q, Close) before the recording's end.
	Stopped    bool
	Cols, Rows int
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
		Stopped:  p.ended && p.stopped,
		Cols:     p.cols,
		Rows:     p.rows,
	}
}

// Text is a one-line status, e.g. "paused 00:12 / 01:30 x2" or "stopped 01:12 / 04:30 x1".
func (s PlayerStatus) Text() string {
	state := "playing"
	switch {
	case s.Stopped:
		state = "stopped"
	case s.Ended:
		state = "ended"
	case s.Paused:
		state = "paused"
	}
	return fmt.Sprintf("%s %s / %s x%s", state, clockText(s.Position), clockText(s.Duration), speedText(s.Speed))
}

// Progress is Status().Text(): a pane shows it in its border (session.Progresser).
func (p *Player) Progress() string { return p.Status().Text() }

func clockText(d time.Duration) string {
	s := int64(d / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%02d:%02d", s/60, s%60)
}

func speedText(f float64) string {
	if f >= 1 {
		return fmt.Sprintf("%g", f)
	}
	return fmt.Sprintf("1/%g", 1/f)
}
