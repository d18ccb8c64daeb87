package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"syscall"
	"time"

	xterm "golang.org/x/term"

	"github.com/podmux/podmux/session/record"
	"github.com/podmux/podmux/session/term"
)

// ReplayCmd plays a recorded session in the terminal, or prints its final screen.
type ReplayCmd struct {
	File      string  `arg:"" help:"The recording to play (.cast, asciicast v2)."`
	Speed     float64 `default:"1" help:"Playback speed factor, from 0.0625 to 64 (+ and - change it while playing)."`
	IdleLimit float64 `name:"idle-time-limit" short:"i" placeholder:"SECONDS" help:"Cap every pause at SECONDS (0: keep the recorded pauses)."`
	Screen    bool    `help:"Print the final screen as text through podmux's engine, without timing."`
}

// replayHint goes into the terminal title while a replay runs (the window title is the one
// place that does not disturb the replayed screen).
const replayHint = "podmux replay: space pause · ←/→ seek 5s · +/- speed · q quit"

// Run plays the recording, or prints its final screen with --screen.
func (c *ReplayCmd) Run() error {
	if math.IsNaN(c.Speed) || c.Speed < record.SlowestSpeed || c.Speed > record.FastestSpeed {
		return fmt.Errorf("replay: --speed %g: want a factor from %g to %g", c.Speed, record.SlowestSpeed, record.FastestSpeed)
	}
	if math.IsNaN(c.IdleLimit) || c.IdleLimit < 0 || c.IdleLimit > 1e6 {
		return fmt.Errorf("replay: --idle-time-limit %g: want seconds ≥ 0 (0: no cap)", c.IdleLimit)
	}
	cast, err := record.Open(c.File)
	if err != nil {
		return fmt.Errorf("replay: %v", err)
	}
	if c.Screen {
		return printScreen(cast, os.Stdout)
	}
	return c.play(cast)
}

// printScreen replays cast at maximum speed into an engine of the recording's size (following
// its resizes) and prints the final screen, one line a row, trailing spaces trimmed.
func printScreen(cast *record.Cast, out io.Writer) error {
	t := term.New(cast.Header.Width, cast.Header.Height, term.WithScrollback(-1, 0))
	p := record.NewPlayer(cast, record.PlayerOptions{MaxSpeed: true, OnResize: t.Resize})
	if _, err := io.CopyBuffer(t, p.Stdout(), make([]byte, 32<<10)); err != nil {
		return fmt.Errorf("replay: %v", err)
	}
	w := bufio.NewWriter(out)
	for _, s := range t.ScreenText() {
		w.Write(trimRightSpaces([]byte(s)))
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("replay: writing the screen: %v", err)
	}
	return nil
}

// play replays cast in the user's terminal: keys from stdin (raw mode when it is a terminal)
// control the Player, its output goes to stdout. The terminal is restored on every way out.
func (c *ReplayCmd) play(cast *record.Cast) error {
	// A mirror engine follows the replayed modes, so a replay cut short leaves no alternate
	// screen, hidden cursor or mouse reporting behind.
	mirror := term.New(cast.Header.Width, cast.Header.Height, term.WithScrollback(-1, 0))
	p := record.NewPlayer(cast, record.PlayerOptions{
		Speed:     c.Speed,
		IdleLimit: time.Duration(c.IdleLimit * float64(time.Second)),
		OnResize:  mirror.Resize,
	})
	defer p.Close()

	outFd, errFd, inFd := int(os.Stdout.Fd()), int(os.Stderr.Fd()), int(os.Stdin.Fd())
	if xterm.IsTerminal(outFd) {
		if w, h, err := xterm.GetSize(outFd); err == nil && (w < cast.Header.Width || h < cast.Header.Height) {
			fmt.Fprintf(os.Stderr, "podmux: replay: the recording is %dx%d, this terminal is %dx%d; the replay may look garbled\n",
				cast.Header.Width, cast.Header.Height, w, h)
		}
	}
	if xterm.IsTerminal(inFd) {
		old, err := xterm.MakeRaw(inFd)
		if err != nil {
			return fmt.Errorf("replay: putting the terminal in raw mode: %v", err)
		}
		defer func() { _ = xterm.Restore(inFd, old) }()
	}
	if xterm.IsTerminal(errFd) {
		// Save the title (XTWINOPS 22), show the hint, restore the title at the end (23).
		fmt.Fprintf(os.Stderr, "\x1b[22;2t\x1b]2;%s\x07", replayHint)
		defer fmt.Fprint(os.Stderr, "\x1b[23;2t")
	}

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	var got os.Signal
	sigDone := make(chan struct{})
	sigSeen := make(chan os.Signal, 1)
	go func() {
		select {
		case s := <-sigs:
			sigSeen <- s
			_ = p.Close()
		case <-sigDone:
		}
	}()
	// The key reader may stay blocked on stdin after the replay ended; the process exits right
	// after Run returns. Its write fails once the replay has ended, which stops it.
	go func() { _, _ = io.Copy(p.Stdin(), os.Stdin) }()

	buf := make([]byte, 32<<10)
	out := p.Stdout()
	var werr error
	for {
		n, err := out.Read(buf)
		if n > 0 {
			_, _ = mirror.Write(buf[:n])
			if _, werr = os.Stdout.Write(buf[:n]); werr != nil {
				break
			}
		}
		if err != nil {
			break
		}
	}
	close(sigDone)
	select {
	case got = <-sigSeen:
	default:
	}
	st := p.Status()
	finished := st.Position >= st.Duration && got == nil
	_, _ = os.Stdout.WriteString(undoModes(mirror, !finished))
	if werr != nil && !errors.Is(werr, syscall.EPIPE) {
		return fmt.Errorf("replay: writing the output: %v", werr)
	}
	if s, ok := got.(syscall.Signal); ok {
		return ExitError{Code: 128 + int(s)}
	}
	return nil
}

// undoModes returns the sequences that switch off what the replayed output left switched on
// (alternate screen, hidden cursor, mouse and paste modes, application keys), plus an SGR reset
// and a new line when the replay was cut short. A recording that ends cleanly gets nothing, so
// its output reaches the terminal byte for byte.
func undoModes(t *term.Terminal, cutShort bool) string {
	var s string
	if cutShort {
		s += "\x1b[0m"
	}
	if t.AltScreen() {
		s += "\x1b[?1049l"
	}
	m := t.Modes()
	if m.Mouse != term.MouseOff {
		s += "\x1b[?1000l\x1b[?1002l\x1b[?1003l"
	}
	if m.MouseSGR {
		s += "\x1b[?1006l"
	}
	if m.BracketedPaste {
		s += "\x1b[?2004l"
	}
	if m.FocusEvents {
		s += "\x1b[?1004l"
	}
	if m.AppCursor {
		s += "\x1b[?1l"
	}
	if m.AppKeypad {
		s += "\x1b>"
	}
	if !t.Cursor().Visible {
		s += "\x1b[?25h"
	}
	if cutShort {
		s += "\r\n"
	}
	return s
}
