package record

import (
	"io"
	"time"
)

// read is Stdout().Read: it copies every event that is due into b (stopping early at a resize,
// so the bytes before it reach the consumer first), or waits until one is due or a control
// changes the schedule.
func (p *Player) read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	p.mu.Lock()
	if !p.started {
		p.started = true
		p.anchorWall = p.clock.Now()
	}
	for {
		if p.ended {
			p.mu.Unlock()
			return 0, io.EOF
		}
		n := copy(b, p.pending)
		p.pending = p.pending[n:]
		if n > 0 {
			// The reset goes out alone, so a size reset after it follows it in order.
			p.mu.Unlock()
			return n, nil
		}
		if p.sizeStale {
			p.sizeStale = false
			if p.cols != p.cast.Header.Width || p.rows != p.cast.Header.Height {
				p.cols, p.rows = p.cast.Header.Width, p.cast.Header.Height
				p.resized(p.cols, p.rows)
				continue
			}
		}
		pos := p.posLocked(p.clock.Now())
		events := p.cast.Events
		resized := false
	scan:
		for p.next < len(events) && n < len(b) && (p.maxSpeed || p.nextAt <= pos) {
			e := &events[p.next]
			switch e.Type {
			case EventOutput:
				m := copy(b[n:], e.Data[p.off:])
				n += m
				p.off += m
				if p.off == len(e.Data) {
					p.advance()
				}
			case EventResize:
				cols, rows, ok := parseSize(e.Data)
				if !ok || cols == p.cols && rows == p.rows {
					p.advance() // a malformed size is skipped, like an unknown code
					continue
				}
				if n > 0 {
					break scan // deliver the bytes before the resize first
				}
				p.advance()
				p.cols, p.rows = cols, rows
				p.resized(cols, rows)
				resized = true
				break scan
			default: // input, markers and codes players do not know
				p.advance()
			}
		}
		if resized {
			continue // the schedule may have changed while the callback ran
		}
		if n > 0 {
			p.mu.Unlock()
			return n, nil
		}
		if p.next >= len(events) {
			p.endLocked()
			continue
		}
		var (
			fire <-chan time.Time
			stop = func() {}
		)
		if !p.paused {
			// At most an hour at a time: the loop re-checks the schedule when the timer fires.
			d := min(float64(p.nextPlayableAt()-pos)/p.speed, float64(time.Hour))
			fire, stop = p.clock.Timer(max(time.Duration(d), 1))
		}
		p.mu.Unlock()
		select {
		case <-fire:
		case <-p.wake:
		}
		stop()
		p.mu.Lock()
	}
}

// nextPlayableAt is the capped time of the next output or resize event, or of the last event
// when none is left: the time a waiting Read next has something to do. The caller holds mu.
func (p *Player) nextPlayableAt() time.Duration {
	at, prev := p.nextAt, p.prevRaw
	for j := p.next; j < len(p.cast.Events); j++ {
		e := &p.cast.Events[j]
		if j > p.next {
			at = after(at, p.gap(prev, e.Time))
		}
		prev = e.Time
		if e.Type == EventOutput || e.Type == EventResize {
			break
		}
	}
	return at
}

// resized calls OnResize without holding mu. The caller holds mu; it is held again on return.
func (p *Player) resized(cols, rows int) {
	if p.onResize == nil {
		return
	}
	p.mu.Unlock()
	defer p.mu.Lock()
	p.onResize(cols, rows)
}

// posLocked is the playback position at now. The caller holds mu.
func (p *Player) posLocked(now time.Time) time.Duration {
	if p.paused || !p.started || p.ended {
		return p.anchorPos
	}
	return p.anchorPos + time.Duration(float64(now.Sub(p.anchorWall))*p.speed)
}

// reanchor fixes the position at now, so the speed or pause state can change from here. The
// caller holds mu.
func (p *Player) reanchor() {
	now := p.clock.Now()
	p.anchorPos = p.posLocked(now)
	p.anchorWall = now
}

// TogglePause pauses a playing stream or resumes a paused one (the space key).
func (p *Player) TogglePause() {
	p.control(func() {
		p.reanchor()
		p.paused = !p.paused
	})
}

// Seek moves the position by d (the arrow keys: ±SeekStep), within [0, Duration]. Moving past
// the end ends the stream once the rest is read; moving back before output already delivered
// emits ResetSequence and re-plays from the start.
func (p *Player) Seek(d time.Duration) {
	p.control(func() {
		p.reanchor()
		to := min(max(p.anchorPos+d, 0), p.duration)
		if to < p.delivered || p.off > 0 && to < p.nextAt {
			p.rewind()
			p.pending = ResetSequence
			p.sizeStale = true
		}
		p.anchorPos = to
	})
}

// SetSpeed multiplies the speed factor by f (the + and - keys: 2 and 0.5), within
// [SlowestSpeed, FastestSpeed].
func (p *Player) SetSpeed(f float64) {
	p.control(func() {
		p.reanchor()
		p.speed = clampSpeed(p.speed * f)
	})
}

// Step moves a paused stream to the next output event, which Stdout then delivers (the . key).
// It does nothing while playing.
func (p *Player) Step() {
	p.control(func() {
		if !p.paused {
			return
		}
		at, prev := p.nextAt, p.prevRaw
		for j := p.next; j < len(p.cast.Events); j++ {
			e := p.cast.Events[j]
			if j > p.next {
				at = after(at, p.gap(prev, e.Time))
			}
			prev = e.Time
			if e.Type == EventOutput {
				p.anchorPos = max(p.anchorPos, at)
				return
			}
		}
		p.anchorPos = p.duration
	})
}

// Quit ends the stream, like Close (the q key).
func (p *Player) Quit() { _ = p.Close() }

// control runs fn under mu unless the stream ended or plays at maximum speed (where only quit
// counts), then wakes a waiting Read.
func (p *Player) control(fn func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ended || p.maxSpeed {
		return
	}
	fn()
	p.signal()
}
