package record

import (
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The bounds of a Player's speed factor; + and - double and halve it within them.
const (
	SlowestSpeed = 1.0 / 16
	FastestSpeed = 64.0
)

// DefaultSeekStep is how far ← and → move a Player when PlayerOptions.SeekStep is zero.
const DefaultSeekStep = 5 * time.Second

// ResetSequence is what a Player emits on its Stdout before it re-plays a recording from the
// start to seek backward: RIS (ESC c), which makes the consumer's terminal engine reset its
// screen, modes and (in podmux's engine) scrollback, so the re-played output lands on a clean
// terminal.
const ResetSequence = "\x1bc"

// Clock is a Player's time source. Timer returns a channel that receives once d (> 0) has
// passed, and a function that releases the timer early. Tests inject a fake to make timing
// deterministic; the default is the wall clock.
type Clock interface {
	Now() time.Time
	Timer(d time.Duration) (c <-chan time.Time, stop func())
}

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }

func (wallClock) Timer(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTimer(d)
	return t.C, func() { t.Stop() }
}

// PlayerOptions configure a Player. The zero value plays at recorded speed on the wall clock.
type PlayerOptions struct {
	// Speed is the initial speed factor (2 plays twice as fast). Zero means 1; other values are
	// clamped to [SlowestSpeed, FastestSpeed].
	Speed float64
	// IdleLimit caps every pause between two events, like asciinema's -i; zero or less: no cap.
	// Position and Duration are on this capped timeline.
	IdleLimit time.Duration
	// MaxSpeed plays without any delay: Stdout yields the whole recording as fast as it is
	// read. Pause, step and speed keys then have no effect; seeking still works.
	MaxSpeed bool
	// SeekStep is how far ← and → move. Zero: DefaultSeekStep.
	SeekStep time.Duration
	// OnResize, when set, is called with each resize event's size (and with the header's size
	// when a backward seek restarts from a different size). It is called from within
	// Stdout().Read, after every byte recorded before the resize has been returned by earlier
	// Reads and before any byte recorded after it, so a consumer that writes each Read into its
	// engine before reading again applies it at the right point. It must not call the Player.
	// Status().Cols/Rows report the same size for consumers that poll instead.
	OnResize func(cols, rows int)
	// Clock is the time source. Nil: the wall clock.
	Clock Clock
}

// Player plays a recording as a stream shaped like a running remote program (session.Stream's
// method set): Stdout yields the output events at their recorded times, scaled by the speed,
// with pauses capped at IdleLimit; resize events go to OnResize; input and marker events are
// skipped. Stdin takes control keys as a terminal encodes them: space pauses and resumes, → and
// ← (CSI or SS3 form, any modifiers) seek by SeekStep, + (or =) and - (or _) double and halve
// the speed, . shows the next output event while paused, q, ctrl+c or ctrl+d quits. Mouse
// reports, bracketed pastes and string sequences (a terminal engine's replies to queries in the
// recorded output) are skipped, never read as keys. The controls are also methods (TogglePause,
// Seek, SetSpeed, Step, Quit). The stream ends (Stdout returns io.EOF, Wait returns 0, nil) at
// the end of the recording, on quit or on Close.
//
// Seeking forward delivers the skipped output at once; seeking backward before output already
// delivered emits ResetSequence (ESC c) and re-plays the recording from its start, as fast as it
// is read, up to the new position; OnResize then gets the header's size again if it differs.
//
// The Player holds no copy of the events beyond the Cast it was given (event data is copied
// from the Cast straight into the caller's buffer), and starts no goroutine: the waiting happens
// inside Stdout().Read, and the clock starts at the first Read. Read must be called from one
// goroutine at a time; every other method is safe for concurrent use.
type Player struct {
	cast     *Cast
	idle     time.Duration
	maxSpeed bool
	step     time.Duration
	onResize func(cols, rows int)
	clock    Clock
	duration time.Duration
	wake     chan struct{} // capacity 1: a control changed the schedule
	done     chan struct{} // closed when the stream ends

	mu sync.Mutex
	// Playback position on the capped timeline: anchorPos at anchorWall, advancing at speed
	// while not paused.
	anchorPos  time.Duration
	anchorWall time.Time
	speed      float64
	paused     bool
	ended      bool
	stopped    bool // quit before the end of the recording
	stdinShut  bool
	keys       keyParser
	// The next event to deliver: its index, its capped time, the bytes of it already
	// delivered, and the capped time and recorded time of the event before it.
	next      int
	nextAt    time.Duration
	off       int
	prevAt    time.Duration
	prevRaw   float64
	delivered time.Duration // capped time of the last event delivered
	pending   string        // bytes to emit before the next event (ResetSequence)
	cols      int           // the size last reported to the consumer
	rows      int
	started   bool // the first Read started the clock
	sizeStale bool // a rewind must report the header's size again
}

// NewPlayer returns a Player for c, positioned at its start. The clock starts at the first
// Read, so a consumer that is slow to attach misses nothing.
func NewPlayer(c *Cast, o PlayerOptions) *Player {
	p := &Player{
		cast:     c,
		idle:     o.IdleLimit,
		maxSpeed: o.MaxSpeed,
		step:     o.SeekStep,
		onResize: o.OnResize,
		clock:    o.Clock,
		wake:     make(chan struct{}, 1),
		done:     make(chan struct{}),
		speed:    clampSpeed(o.Speed),
		cols:     c.Header.Width,
		rows:     c.Header.Height,
	}
	if p.step <= 0 {
		p.step = DefaultSeekStep
	}
	if p.clock == nil {
		p.clock = wallClock{}
	}
	var at time.Duration
	prev := 0.0
	for _, e := range c.Events {
		at = after(at, p.gap(prev, e.Time))
		prev = e.Time
	}
	p.duration = at
	p.rewind()
	return p
}

func clampSpeed(s float64) float64 {
	if s == 0 || math.IsNaN(s) {
		return 1
	}
	return min(max(s, SlowestSpeed), FastestSpeed)
}

// gap is the capped time between two recorded event times (never negative: a recording whose
// times go backward plays those events at once).
// Gaps are capped at maxGap so that the sum over any recording stays far from overflowing.
func (p *Player) gap(prev, t float64) time.Duration {
	secs := t - prev
	if !(secs > 0) { // also NaN
		return 0
	}
	d := maxGap
	if secs < maxGap.Seconds() {
		d = time.Duration(secs * float64(time.Second))
	}
	if p.idle > 0 && d > p.idle {
		d = p.idle
	}
	return d
}

// maxGap bounds one pause (about 11.5 days); maxTimeline bounds the whole capped timeline.
const (
	maxGap      = 1e6 * time.Second
	maxTimeline = time.Duration(1 << 62)
)

// after returns at+g, saturating at maxTimeline.
func after(at, g time.Duration) time.Duration {
	if at > maxTimeline-g {
		return maxTimeline
	}
	return at + g
}

// rewind points the cursor at the first event. The caller holds mu (or owns p).
func (p *Player) rewind() {
	p.next, p.off, p.prevAt, p.prevRaw, p.delivered = 0, 0, 0, 0, 0
	p.nextAt = 0
	if len(p.cast.Events) > 0 {
		p.nextAt = p.gap(0, p.cast.Events[0].Time)
	}
}

// advance moves the cursor past the next event. The caller holds mu.
func (p *Player) advance() {
	e := p.cast.Events[p.next]
	p.delivered = p.nextAt
	p.prevAt, p.prevRaw = p.nextAt, e.Time
	p.next++
	p.off = 0
	if p.next < len(p.cast.Events) {
		p.nextAt = after(p.prevAt, p.gap(p.prevRaw, p.cast.Events[p.next].Time))
	}
}

// Stdout returns the recording's output. Read blocks until output is due, and returns io.EOF
// once the stream has ended.
func (p *Player) Stdout() io.Reader { return playerOut{p} }

// Stdin returns the control input: bytes written to it are read as keys (see Player).
func (p *Player) Stdin() io.WriteCloser { return playerIn{p} }

// Resize does nothing and returns nil: a recording's output does not depend on the size it is
// shown at (its own resizes go to OnResize).
func (p *Player) Resize(width, height uint16) error { return nil }

// Close ends the stream (Stdout returns io.EOF, Wait returns 0, nil). It is idempotent.
func (p *Player) Close() error {
	p.mu.Lock()
	if !p.ended && (p.next < len(p.cast.Events) || len(p.pending) > 0) {
		p.stopped = true
	}
	p.endLocked()
	p.mu.Unlock()
	return nil
}

// Wait blocks until the stream has ended (the end of the recording was read, or quit, or Close)
// and returns 0, nil: a replay has no failure of its own.
func (p *Player) Wait() (exitCode int, err error) {
	<-p.done
	return 0, nil
}

// Duration is the length of the recording on the capped timeline.
func (p *Player) Duration() time.Duration { return p.duration }

// endLocked ends the stream. The caller holds mu.
func (p *Player) endLocked() {
	if !p.ended {
		p.reanchor() // the position stays where the stream ended
		p.ended = true
		close(p.done)
		p.signal()
	}
}

func (p *Player) signal() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

type playerOut struct{ p *Player }

func (o playerOut) Read(b []byte) (int, error) { return o.p.read(b) }

type playerIn struct{ p *Player }

// Write reads b as keys; it never blocks on playback. A key sequence split across writes is
// put together. It fails only after Close of the Stdin or the end of the stream.
func (i playerIn) Write(b []byte) (int, error) { return i.p.input(b) }

// Close ends the control input; playback goes on.
func (i playerIn) Close() error {
	i.p.mu.Lock()
	i.p.stdinShut = true
	i.p.mu.Unlock()
	return nil
}

var (
	errStdinClosed = errors.New("replay: control input is closed")
	errEnded       = errors.New("replay: the replay has ended")
)

// parseSize reads a resize event's "COLSxROWS".
func parseSize(s string) (cols, rows int, ok bool) {
	c, r, found := strings.Cut(s, "x")
	cols, err1 := strconv.Atoi(strings.TrimSpace(c))
	rows, err2 := strconv.Atoi(strings.TrimSpace(r))
	if !found || err1 != nil || err2 != nil || cols < 1 || rows < 1 || cols > 65535 || rows > 65535 {
		return 0, 0, false
	}
	return cols, rows, true
}
