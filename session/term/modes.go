package term

// MouseTracking is the mouse reporting level the remote asked for (DECSET 1000/1002/1003).
type MouseTracking uint8

const (
	MouseOff    MouseTracking = iota
	MouseNormal               // 1000: press and release
	MouseButton               // 1002: plus motion while a button is held
	MouseAny                  // 1003: plus all motion
)

// Modes are the terminal modes the remote program set that change how local input is encoded.
// The engine owns and updates them; the key, paste and mouse encoders only read them.
type Modes struct {
	AppCursor       bool          // DECCKM: arrows send SS3 (ESC O A) instead of CSI
	AppKeypad       bool          // DECKPAM/DECKPNM
	BracketedPaste  bool          // 2004
	FocusEvents     bool          // 1004
	Mouse           MouseTracking // 1000/1002/1003
	MouseSGR        bool          // 1006
	LineFeedNewLine bool          // LNM: enter sends CR LF
}
