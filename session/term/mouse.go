package term

import (
	"strconv"

	"github.com/charmbracelet/x/ansi"
)

// Button is the mouse button of a MouseEvent.
type Button uint8

const (
	ButtonNone Button = iota // no button: plain motion, or a release whose button is unknown
	ButtonLeft
	ButtonMiddle
	ButtonRight
	ButtonWheelUp
	ButtonWheelDown
	ButtonWheelLeft
	ButtonWheelRight
)

// MouseAction is what happened to the mouse.
type MouseAction uint8

const (
	MousePress MouseAction = iota
	MouseRelease
	MouseMotion
)

// MouseEvent is a mouse event in a pane. X and Y are 0-based cells relative to the pane's
// top-left corner. A wheel turn is a MousePress of a wheel button; wheels have no release.
type MouseEvent struct {
	X, Y             int
	Button           Button
	Action           MouseAction
	Shift, Alt, Ctrl bool
}

// legacyMaxCoord is the largest 0-based coordinate the X10 encoding carries: 32+1+222 = 255.
const legacyMaxCoord = 222

// EncodeMouse returns the report xterm sends for ev under the remote's modes m, or nil when the
// remote did not ask for this kind of event or it cannot be encoded:
//   - MouseNormal (1000) reports presses, releases and wheel turns;
//   - MouseButton (1002) adds motion while a button is held (ev.Button is that button);
//   - MouseAny (1003) adds all motion (ButtonNone when no button is held);
//   - with m.MouseSGR (1006) the form is CSI < b;x;y M (press, motion) or m (release), 1-based;
//     otherwise the legacy CSI M cb cx cy with each value offset by 32, where a release is
//     button 3 and coordinates past 223 (1-based) cannot be sent, giving nil.
//
// The button value b is 0/1/2 for left/middle/right, 64–67 for wheel up/down/left/right, plus 32
// for motion, plus 4 shift, 8 alt, 16 ctrl. Negative coordinates give nil.
func EncodeMouse(ev MouseEvent, m Modes) []byte {
	if ev.X < 0 || ev.Y < 0 || !mouseWanted(ev, m.Mouse) {
		return nil
	}
	b, ok := buttonCode(ev.Button)
	if !ok {
		return nil
	}
	if ev.Action == MouseMotion {
		b += 32
	}
	if ev.Shift {
		b += 4
	}
	if ev.Alt {
		b += 8
	}
	if ev.Ctrl {
		b += 16
	}
	if m.MouseSGR {
		final := byte('M')
		if ev.Action == MouseRelease {
			final = 'm'
		}
		out := []byte("\x1b[<")
		out = strconv.AppendInt(out, int64(b), 10)
		out = append(out, ';')
		out = strconv.AppendInt(out, int64(ev.X+1), 10)
		out = append(out, ';')
		out = strconv.AppendInt(out, int64(ev.Y+1), 10)
		return append(out, final)
	}
	if ev.X > legacyMaxCoord || ev.Y > legacyMaxCoord {
		return nil
	}
	if ev.Action == MouseRelease {
		b = b&^3 | 3 // legacy releases do not say which button; modifiers stay
	}
	return []byte{ansi.ESC, '[', 'M', byte(32 + b), byte(32 + ev.X + 1), byte(32 + ev.Y + 1)}
}

// mouseWanted reports whether the tracking level asks for this event.
func mouseWanted(ev MouseEvent, level MouseTracking) bool {
	wheel := ev.Button >= ButtonWheelUp
	switch ev.Action {
	case MousePress:
		return level >= MouseNormal && ev.Button != ButtonNone
	case MouseRelease:
		return level >= MouseNormal && !wheel
	case MouseMotion:
		if wheel {
			return false
		}
		if ev.Button == ButtonNone {
			return level >= MouseAny
		}
		return level >= MouseButton
	}
	return false
}

func buttonCode(b Button) (int, bool) {
	switch b {
	case ButtonLeft:
		return 0, true
	case ButtonMiddle:
		return 1, true
	case ButtonRight:
		return 2, true
	case ButtonNone:
		return 3, true
	case ButtonWheelUp:
		return 64, true
	case ButtonWheelDown:
		return 65, true
	case ButtonWheelLeft:
		return 66, true
	case ButtonWheelRight:
		return 67, true
	}
	return 0, false
}

// EncodeFocus returns CSI I (in) or CSI O (out) when the remote enabled focus events (1004),
// else nil.
func EncodeFocus(in bool, m Modes) []byte {
	if !m.FocusEvents {
		return nil
	}
	if in {
		return []byte("\x1b[I")
	}
	return []byte("\x1b[O")
}
