package ptyscreen

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/podmux/podmux/session/term"
)

// flood is typed into four panes at once (synchronized input): endless random base64 lines
// coloured per line, each line different so every frame changes.
const flood = `base64 -w 96 /dev/urandom | awk '{printf "\033[3%dmflood %s \033[1;4%dm%s\033[0m\n", NR%8, substr($0,1,40), (NR+3)%8, substr($0,41)}'`

// prompt is the demo shell's prompt.
const prompt = ":~# "

// marker starts every typed line; neither base64 nor the flood's text holds '#' or '~'.
const marker = "#~"

// alphabet is what is typed after the marker.
const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// EchoSetup, from the demo browser at start, opens one tab of five shells (three tiled, two
// split to the right), starts a coloured flood in the first four when floods is set, and leaves
// the fifth focused with the marker typed at its prompt. It returns how many characters the
// typed line may hold before it would wrap.
func (s *Screen) EchoSetup(floods bool) (int, error) { return s.EchoSetupWith(flood, floods) }

// EchoSetupWith is EchoSetup with another flood command; its output must print "flood " on
// every line, which TypeLoop checks for at the end.
func (s *Screen) EchoSetupWith(floodCmd string, floods bool) (int, error) {
	if err := s.OpenShopTab(false); err != nil {
		return 0, err
	}
	if err := s.split(4); err != nil {
		return 0, err
	}
	if floods {
		if err := s.startFloods(floodCmd); err != nil {
			return 0, err
		}
		if _, err := s.WaitFor("the floods to scroll the prompts away", Timeout, func(l []string) bool { return Count(l, prompt) == 0 }); err != nil {
			return 0, err
		}
	}
	// The fifth shell, focused: the one typed into. Type only once its prompt is drawn at the
	// host cursor (podmux puts it at the focused pane's cursor), so that readline, not the
	// tty, echoes; then check the marker landed after the prompt.
	if err := s.split(5); err != nil {
		return 0, err
	}
	return s.TypeSetup()
}

// Keystroke is one typed character: when it was written to the pty and when its echo was on
// the screen.
type Keystroke struct {
	Char       byte
	Sent, Seen time.Time
}

// Latencies returns Seen-Sent of each keystroke.
func Latencies(ks []Keystroke) []time.Duration {
	out := make([]time.Duration, len(ks))
	for i, k := range ks {
		out[i] = k.Seen.Sub(k.Sent)
	}
	return out
}

// TypeLoop types into the focused shell for d, one character at a time with a typist's pauses,
// and returns each keystroke with its write time and the time its echo was on the screen. Lines
// are cleared with ctrl+u before they reach maxTyped characters. When floods is set it checks
// the floods still run at the end.
func (s *Screen) TypeLoop(d time.Duration, maxTyped int, floods bool) ([]Keystroke, error) {
	lat, err := s.TypeUntil(d, maxTyped, nil)
	if err != nil {
		return nil, err
	}
	if floods && Count(s.Lines(), "flood ") < 4 {
		return nil, fmt.Errorf("the floods stopped; screen:\n%s", strings.Join(s.Lines(), "\n"))
	}
	return lat, nil
}

// TypeUntil is TypeLoop without the check, ending early once stop (when not nil) reports true.
func (s *Screen) TypeUntil(d time.Duration, maxTyped int, stop func() bool) ([]Keystroke, error) {
	var lat []Keystroke
	typed := marker
	rnd := rand.New(rand.NewPCG(1, 2))
	end := time.Now().Add(d)
	for time.Now().Before(end) && (stop == nil || !stop()) {
		if len(typed) >= maxTyped {
			if err := s.clearLine(); err != nil {
				return nil, err
			}
			typed = marker
			if err := s.typeWait(marker); err != nil {
				return nil, err
			}
		}
		typed += string(alphabet[rnd.IntN(len(alphabet))])
		want := typed
		seen := s.Expect(func(l []string) bool { return Count(l, want) > 0 })
		sent := time.Now()
		if err := s.Send(want[len(want)-1:]); err != nil {
			return nil, err
		}
		select {
		case at := <-seen:
			lat = append(lat, Keystroke{Char: want[len(want)-1], Sent: sent, Seen: at})
		case <-time.After(Timeout):
			return nil, fmt.Errorf("the typed %q never appeared; screen:\n%s", want, strings.Join(s.Lines(), "\n"))
		}
		time.Sleep(time.Duration(20+rnd.IntN(40)) * time.Millisecond) // a fast typist: 60 ms a key on average
	}
	return lat, nil
}

// TypeSetup waits for the focused shell's prompt at the host cursor, types the marker after it
// and returns how many characters the typed line may hold (as EchoSetup does for its fifth pane).
func (s *Screen) TypeSetup() (int, error) {
	if _, err := s.WaitCursor("the prompt at the cursor", Timeout, func(l []string, c term.Cursor) bool {
		return strings.HasSuffix(beforeCursor(l, c), prompt)
	}); err != nil {
		return 0, err
	}
	if err := s.Send(marker); err != nil {
		return 0, err
	}
	if _, err := s.WaitCursor("the marker after the prompt", Timeout, func(l []string, c term.Cursor) bool {
		return strings.HasSuffix(beforeCursor(l, c), prompt+marker)
	}); err != nil {
		return 0, err
	}
	room, err := lineRoom(s.Lines())
	if err != nil {
		return 0, err
	}
	return min(room-1, 40), nil
}

// startFloods types the flood command into the four panes of the tab at once.
func (s *Screen) startFloods(flood string) error {
	if err := s.Send(CtrlB + "S"); err != nil {
		return err
	}
	if _, err := s.WaitText("SYNC", Timeout); err != nil {
		return err
	}
	if err := s.Send(flood + Enter); err != nil {
		return err
	}
	if err := s.WaitCount("flood ", 4); err != nil {
		return err
	}
	return s.Send(CtrlB + "S")
}

// split opens a pane to the right of the focused one on the preselected pod and waits until
// there are want running panes.
func (s *Screen) split(want int) error {
	if err := s.Send(CtrlB + "%"); err != nil {
		return err
	}
	if _, err := s.WaitText("pick a pod for the pane on the right", Timeout); err != nil {
		return err
	}
	if err := s.Send(Enter); err != nil {
		return err
	}
	return s.WaitCount(" running", want)
}

// typeWait types text and waits until it is on the screen.
func (s *Screen) typeWait(text string) error {
	if err := s.Send(text); err != nil {
		return err
	}
	_, err := s.WaitText(text, Timeout)
	return err
}

// clearLine clears the typed line (readline's ctrl+u) and waits until no marker is on the screen.
func (s *Screen) clearLine() error {
	if err := s.Send(CtrlU); err != nil {
		return err
	}
	_, err := s.WaitFor("the typed line to clear", Timeout, func(l []string) bool {
		return Count(l, marker) == 0
	})
	return err
}

// beforeCursor returns the text of the cursor's row left of the cursor.
func beforeCursor(lines []string, c term.Cursor) string {
	if c.Y < 0 || c.Y >= len(lines) {
		return ""
	}
	r := []rune(lines[c.Y])
	for len(r) < c.X {
		r = append(r, ' ')
	}
	return string(r[:c.X])
}

// lineRoom returns how many cells the typed line has from the marker to the pane's right border.
func lineRoom(lines []string) (int, error) {
	for _, l := range lines {
		r := []rune(l)
		i := strings.LastIndex(l, marker)
		if i < 0 {
			continue
		}
		x := len([]rune(l[:i]))
		for j := x; j < len(r); j++ {
			if r[j] == '│' {
				if j-x < len(marker)+4 {
					return 0, fmt.Errorf("the typing pane is too narrow (%d cells after the prompt)", j-x)
				}
				return j - x, nil
			}
		}
	}
	return 0, fmt.Errorf("no typed marker on the screen:\n%s", strings.Join(lines, "\n"))
}
