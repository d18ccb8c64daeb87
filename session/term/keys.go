package term

import (
	"strconv"
	"unicode"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// modMask keeps the modifiers xterm encodes; lock keys, Super and Hyper do not change the bytes.
const modMask = tea.ModShift | tea.ModAlt | tea.ModCtrl | tea.ModMeta

// EncodeKey returns the bytes xterm sends for the key press k under the remote's modes m, or nil
// for a key that has no encoding (a bare modifier, a media key, an unknown code).
//
// The rules follow xterm's defaults (ctlseqs "PC-Style Function Keys"):
//   - printable text is sent as its UTF-8 (Key.Text); Alt or Meta prefix it with ESC;
//   - Ctrl with a letter, @, space, [ \ ] ^ _ / ? or a digit 2–8 gives the C0 byte (or DEL);
//   - cursor keys send CSI x, or SS3 x when m.AppCursor, and CSI 1;{mod}x when modified, where
//     mod = 1 + shift(1) + alt(2) + ctrl(4) + meta(8); editing and F5+ keys send CSI n~ or
//     CSI n;{mod}~; F1–F4 send SS3 P..S or CSI 1;{mod}P..S; F13–F63 are xterm's modified F1–F12;
//   - Enter is CR (CR LF when m.LineFeedNewLine), Tab HT, shift+Tab CSI Z, Backspace DEL
//     (ctrl+Backspace BS), Escape ESC; Alt prefixes these with ESC;
//   - keypad keys send SS3 forms when m.AppKeypad (only reported by terminals with the kitty
//     keyboard protocol), else their text or the matching editing key.
//
// The result is a new slice the caller may keep.
func EncodeKey(k tea.KeyPressMsg, m Modes) []byte {
	key := k.Key()
	mod := key.Mod & modMask

	if b, ok := encodeSpecial(key.Code, mod, m); ok {
		return b
	}
	return encodeChar(key, mod)
}

// encodeSpecial handles keys that are not characters. ok is false when code is a character key.
func encodeSpecial(code rune, mod tea.KeyMod, m Modes) (b []byte, ok bool) {
	if f, isFn := cursorFinal[code]; isFn {
		return cursorKey(f, mod, m.AppCursor), true
	}
	if n, isTilde := tildeNumber[code]; isTilde {
		return tildeKey(n, mod), true
	}
	if code >= tea.KeyF1 && code <= tea.KeyF63 {
		return functionKey(int(code-tea.KeyF1), mod), true
	}
	if code >= tea.KeyKpEnter && code <= tea.KeyKpBegin {
		return keypadKey(code, mod, m), true
	}
	switch code {
	case tea.KeyEnter:
		return altPrefix(mod, enterBytes(m)...), true
	case tea.KeyTab:
		if mod&tea.ModShift != 0 {
			if mod == tea.ModShift {
				return []byte("\x1b[Z"), true
			}
			return csiMod("1", mod, 'Z'), true
		}
		return altPrefix(mod, ansi.HT), true
	case tea.KeyBackspace:
		if mod&tea.ModCtrl != 0 {
			return altPrefix(mod, ansi.BS), true
		}
		return altPrefix(mod, ansi.DEL), true
	case tea.KeyEscape:
		return altPrefix(mod, ansi.ESC), true
	case tea.KeySpace:
		if mod&tea.ModCtrl != 0 {
			return altPrefix(mod, ansi.NUL), true
		}
		return altPrefix(mod, ' '), true
	}
	if code > unicode.MaxRune && code != tea.KeyExtended {
		// Bare modifiers, lock keys, media keys and other codes without an xterm encoding.
		return nil, true
	}
	return nil, false
}

// encodeChar encodes a character key: its text, its control byte, or either with an ESC prefix.
func encodeChar(key tea.Key, mod tea.KeyMod) []byte {
	if mod&tea.ModCtrl != 0 {
		c, ok := ctrlByte(key)
		if ok {
			return altPrefix(mod, c)
		}
		// xterm sends the plain character for Ctrl with a key that has no control byte.
	}
	text := key.Text
	if text == "" {
		r := key.Code
		if mod&tea.ModShift != 0 {
			switch {
			case key.ShiftedCode != 0:
				r = key.ShiftedCode
			default:
				r = unicode.ToUpper(r)
			}
		}
		if r < 0x20 || r == ansi.DEL || !utf8.ValidRune(r) {
			return nil
		}
		text = string(r)
	}
	return altPrefix(mod, []byte(text)...)
}

// ctrlByte maps Ctrl plus a character to its C0 byte as xterm does for a US layout. On other
// layouts the key's PC-101 position (BaseCode) decides, so ctrl+c works on Cyrillic keyboards.
func ctrlByte(key tea.Key) (byte, bool) {
	r := key.Code
	if r > unicode.MaxASCII && key.BaseCode != 0 {
		r = key.BaseCode
	}
	switch {
	case r >= 'a' && r <= 'z':
		return byte(r - 'a' + 1), true
	case r >= 'A' && r <= 'Z':
		return byte(r - 'A' + 1), true
	}
	switch r {
	case '@', ' ', '2':
		return ansi.NUL, true
	case '[', '3':
		return ansi.ESC, true
	case '\\', '4':
		return ansi.FS, true
	case ']', '5':
		return ansi.GS, true
	case '^', '6':
		return ansi.RS, true
	case '_', '/', '7':
		return ansi.US, true
	case '?', '8':
		return ansi.DEL, true
	}
	return 0, false
}

// cursorFinal holds the keys xterm encodes as CSI x / SS3 x / CSI 1;{mod}x.
var cursorFinal = map[rune]byte{
	tea.KeyUp:    'A',
	tea.KeyDown:  'B',
	tea.KeyRight: 'C',
	tea.KeyLeft:  'D',
	tea.KeyBegin: 'E',
	tea.KeyEnd:   'F',
	tea.KeyHome:  'H',
}

// tildeNumber holds the VT220 editing keys encoded as CSI n~ / CSI n;{mod}~.
var tildeNumber = map[rune]string{
	tea.KeyFind:   "1",
	tea.KeyInsert: "2",
	tea.KeyDelete: "3",
	tea.KeySelect: "4",
	tea.KeyPgUp:   "5",
	tea.KeyPgDown: "6",
}

// fnTilde is the CSI n~ number of F5–F12 (F1–F4 use SS3 P..S).
var fnTilde = [12]string{4: "15", 5: "17", 6: "18", 7: "19", 8: "20", 9: "21", 10: "23", 11: "24"}

// fnGroupMods are the modifiers xterm implies for F13–F24, F25–F36, … (its terminfo kf13=\E[1;2P).
var fnGroupMods = [6]tea.KeyMod{0, tea.ModShift, tea.ModCtrl, tea.ModCtrl | tea.ModShift, tea.ModAlt, tea.ModAlt | tea.ModShift}

// modParam is xterm's modifier parameter: 1 + shift(1) + alt(2) + ctrl(4) + meta(8).
func modParam(mod tea.KeyMod) string {
	p := 1
	if mod&tea.ModShift != 0 {
		p++
	}
	if mod&tea.ModAlt != 0 {
		p += 2
	}
	if mod&tea.ModCtrl != 0 {
		p += 4
	}
	if mod&tea.ModMeta != 0 {
		p += 8
	}
	return strconv.Itoa(p)
}

// csiMod builds CSI first;{mod}final.
func csiMod(first string, mod tea.KeyMod, final byte) []byte {
	b := append([]byte("\x1b["), first...)
	b = append(b, ';')
	b = append(b, modParam(mod)...)
	return append(b, final)
}

func cursorKey(final byte, mod tea.KeyMod, appCursor bool) []byte {
	switch {
	case mod != 0:
		return csiMod("1", mod, final)
	case appCursor:
		return []byte{ansi.ESC, 'O', final}
	default:
		return []byte{ansi.ESC, '[', final}
	}
}

func tildeKey(n string, mod tea.KeyMod) []byte {
	if mod != 0 {
		return csiMod(n, mod, '~')
	}
	return append(append([]byte("\x1b["), n...), '~')
}

// functionKey encodes F(idx+1); idx ≥ 12 is a modified F1–F12 as in xterm.
func functionKey(idx int, mod tea.KeyMod) []byte {
	group, base := idx/12, idx%12
	if group >= len(fnGroupMods) {
		return nil
	}
	mod |= fnGroupMods[group]
	if base < 4 {
		final := byte('P' + base)
		if mod != 0 {
			return csiMod("1", mod, final)
		}
		return []byte{ansi.ESC, 'O', final}
	}
	return tildeKey(fnTilde[base], mod)
}

func enterBytes(m Modes) []byte {
	if m.LineFeedNewLine {
		return []byte{ansi.CR, ansi.LF}
	}
	return []byte{ansi.CR}
}

// altPrefix returns b, prefixed with ESC when Alt or Meta is held (xterm's metaSendsEscape).
func altPrefix(mod tea.KeyMod, b ...byte) []byte {
	if mod&(tea.ModAlt|tea.ModMeta) != 0 {
		return append([]byte{ansi.ESC}, b...)
	}
	return append([]byte(nil), b...)
}

// keypadApp is the SS3 final byte of each keypad key in application keypad mode (DECKPAM).
var keypadApp = map[rune]byte{
	tea.KeyKpEnter: 'M', tea.KeyKpEqual: 'X', tea.KeyKpMultiply: 'j', tea.KeyKpPlus: 'k',
	tea.KeyKpComma: 'l', tea.KeyKpSep: 'l', tea.KeyKpMinus: 'm', tea.KeyKpDecimal: 'n',
	tea.KeyKpDivide: 'o', tea.KeyKp0: 'p', tea.KeyKp1: 'q', tea.KeyKp2: 'r', tea.KeyKp3: 's',
	tea.KeyKp4: 't', tea.KeyKp5: 'u', tea.KeyKp6: 'v', tea.KeyKp7: 'w', tea.KeyKp8: 'x',
	tea.KeyKp9: 'y',
}

// keypadText is what a keypad key types in numeric keypad mode.
var keypadText = map[rune]byte{
	tea.KeyKpEqual: '=', tea.KeyKpMultiply: '*', tea.KeyKpPlus: '+', tea.KeyKpComma: ',',
	tea.KeyKpSep: ',', tea.KeyKpMinus: '-', tea.KeyKpDecimal: '.', tea.KeyKpDivide: '/',
	tea.KeyKp0: '0', tea.KeyKp1: '1', tea.KeyKp2: '2', tea.KeyKp3: '3', tea.KeyKp4: '4',
	tea.KeyKp5: '5', tea.KeyKp6: '6', tea.KeyKp7: '7', tea.KeyKp8: '8', tea.KeyKp9: '9',
}

// keypadNav maps the navigation keys of a keypad (Num Lock off) to the editing keys they act as.
var keypadNav = map[rune]rune{
	tea.KeyKpUp: tea.KeyUp, tea.KeyKpDown: tea.KeyDown, tea.KeyKpLeft: tea.KeyLeft,
	tea.KeyKpRight: tea.KeyRight, tea.KeyKpPgUp: tea.KeyPgUp, tea.KeyKpPgDown: tea.KeyPgDown,
	tea.KeyKpHome: tea.KeyHome, tea.KeyKpEnd: tea.KeyEnd, tea.KeyKpInsert: tea.KeyInsert,
	tea.KeyKpDelete: tea.KeyDelete, tea.KeyKpBegin: tea.KeyBegin,
}

// keypadKey encodes a key Bubble Tea reports as a keypad key. In application keypad mode it is
// SS3 x (Alt/Meta as an ESC prefix); otherwise it types its character (Enter: CR).
func keypadKey(code rune, mod tea.KeyMod, m Modes) []byte {
	if nav, ok := keypadNav[code]; ok {
		b, _ := encodeSpecial(nav, mod, m)
		return b
	}
	if m.AppKeypad {
		if f, ok := keypadApp[code]; ok {
			return altPrefix(mod, ansi.ESC, 'O', f)
		}
	}
	if code == tea.KeyKpEnter {
		return altPrefix(mod, enterBytes(m)...)
	}
	if c, ok := keypadText[code]; ok {
		return altPrefix(mod, c)
	}
	return nil
}
