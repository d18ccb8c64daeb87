package term

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"
)

const (
	kShift = tea.ModShift
	kAlt   = tea.ModAlt
	kCtrl  = tea.ModCtrl
	kMeta  = tea.ModMeta
)

// kpress builds a key kpress the way Bubble Tea's decoder reports it.
func kpress(code rune, mod tea.KeyMod) tea.KeyPressMsg {
	return tea.KeyPressMsg{Code: code, Mod: mod}
}

// ktext builds a printable key kpress (Bubble Tea sets Text for these).
func ktext(s string, code rune, mod tea.KeyMod) tea.KeyPressMsg {
	return tea.KeyPressMsg{Code: code, Text: s, Mod: mod}
}

type keyCase struct {
	name string
	key  tea.KeyPressMsg
	want string
}

func runKeyCases(t *testing.T, m Modes, cases []keyCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := EncodeKey(tc.key, m)
			if string(got) != tc.want {
				t.Errorf("EncodeKey(%s) = %q, want %q", tc.key, got, tc.want)
			}
		})
	}
}

func TestEncodeKeyText(t *testing.T) {
	runKeyCases(t, Modes{}, []keyCase{
		{"letter", ktext("a", 'a', 0), "a"},
		{"shifted letter", tea.KeyPressMsg{Code: 'a', ShiftedCode: 'A', Text: "A", Mod: kShift}, "A"},
		{"symbol", ktext("!", '!', 0), "!"},
		{"space", ktext(" ", tea.KeySpace, 0), " "},
		{"shift space", kpress(tea.KeySpace, kShift), " "},
		{"two-byte utf8", ktext("é", 'é', 0), "é"},
		{"cjk", ktext("語", '語', 0), "語"},
		{"grapheme cluster", ktext("👍🏽", tea.KeyExtended, 0), "👍🏽"},
		{"code without text", kpress('q', 0), "q"},
		{"shift code without text", kpress('q', kShift), "Q"},
	})
}

func TestEncodeKeyControlAndEditing(t *testing.T) {
	runKeyCases(t, Modes{}, []keyCase{
		{"enter", kpress(tea.KeyEnter, 0), "\r"},
		{"shift enter", kpress(tea.KeyEnter, kShift), "\r"},
		{"alt enter", kpress(tea.KeyEnter, kAlt), "\x1b\r"},
		{"tab", kpress(tea.KeyTab, 0), "\t"},
		{"shift tab", kpress(tea.KeyTab, kShift), "\x1b[Z"},
		{"ctrl kShift tab", kpress(tea.KeyTab, kCtrl|kShift), "\x1b[1;6Z"},
		{"alt tab", kpress(tea.KeyTab, kAlt), "\x1b\t"},
		{"backspace", kpress(tea.KeyBackspace, 0), "\x7f"},
		{"ctrl backspace", kpress(tea.KeyBackspace, kCtrl), "\x08"},
		{"alt backspace", kpress(tea.KeyBackspace, kAlt), "\x1b\x7f"},
		{"ctrl kAlt backspace", kpress(tea.KeyBackspace, kCtrl|kAlt), "\x1b\x08"},
		{"escape", kpress(tea.KeyEscape, 0), "\x1b"},
		{"alt escape", kpress(tea.KeyEscape, kAlt), "\x1b\x1b"},
	})
}

func TestEncodeKeyEnterLineFeedNewLine(t *testing.T) {
	m := Modes{LineFeedNewLine: true}
	runKeyCases(t, m, []keyCase{
		{"enter", kpress(tea.KeyEnter, 0), "\r\n"},
		{"alt enter", kpress(tea.KeyEnter, kAlt), "\x1b\r\n"},
		{"keypad enter", kpress(tea.KeyKpEnter, 0), "\r\n"},
	})
}

func TestEncodeKeyCtrl(t *testing.T) {
	var cases []keyCase
	for c := 'a'; c <= 'z'; c++ {
		want := string(rune(c - 'a' + 1))
		cases = append(cases,
			keyCase{"ctrl " + string(c), kpress(c, kCtrl), want},
			keyCase{"ctrl kShift " + string(c), kpress(c, kCtrl|kShift), want},
		)
	}
	cases = append(cases, []keyCase{
		{"ctrl @", kpress('@', kCtrl), "\x00"},
		{"ctrl space", kpress(tea.KeySpace, kCtrl), "\x00"},
		{"ctrl 2", kpress('2', kCtrl), "\x00"},
		{"ctrl [", kpress('[', kCtrl), "\x1b"},
		{"ctrl \\", kpress('\\', kCtrl), "\x1c"},
		{"ctrl ]", kpress(']', kCtrl), "\x1d"},
		{"ctrl ^", kpress('^', kCtrl), "\x1e"},
		{"ctrl _", kpress('_', kCtrl), "\x1f"},
		{"ctrl /", kpress('/', kCtrl), "\x1f"},
		{"ctrl ?", kpress('?', kCtrl), "\x7f"},
		{"ctrl 3..8", kpress('6', kCtrl), "\x1e"},
		{"ctrl 8", kpress('8', kCtrl), "\x7f"},
		{"ctrl without control byte sends the key", kpress('1', kCtrl), "1"},
		{"ctrl on a non-latin layout uses the base key", tea.KeyPressMsg{Code: 'с', BaseCode: 'c', Mod: kCtrl}, "\x03"},
		{"ctrl super keeps ctrl", kpress('c', kCtrl|tea.ModSuper), "\x03"},
		{"ctrl with caps lock", kpress('c', kCtrl|tea.ModCapsLock), "\x03"},
	}...)
	runKeyCases(t, Modes{}, cases)
}

func TestEncodeKeyAltPrefix(t *testing.T) {
	runKeyCases(t, Modes{}, []keyCase{
		{"alt x", kpress('x', kAlt), "\x1bx"},
		{"alt kShift x", kpress('x', kAlt|kShift), "\x1bX"},
		{"alt shift x with shifted code", tea.KeyPressMsg{Code: 'x', ShiftedCode: 'X', Mod: kAlt | kShift}, "\x1bX"},
		{"meta x", kpress('x', kMeta), "\x1bx"},
		{"alt kCtrl x", kpress('x', kAlt|kCtrl), "\x1b\x18"},
		{"alt kCtrl space", kpress(tea.KeySpace, kAlt|kCtrl), "\x1b\x00"},
		{"alt space", kpress(tea.KeySpace, kAlt), "\x1b "},
		{"alt .", kpress('.', kAlt), "\x1b."},
		{"alt é", kpress('é', kAlt), "\x1bé"},
	})
}

// TestEncodeKeyCursorKeys checks every cursor-style key in normal and application cursor mode,
// and with every modifier combination (which ignore application cursor mode, as in xterm).
func TestEncodeKeyCursorKeys(t *testing.T) {
	keys := []struct {
		name  string
		code  rune
		final string
	}{
		{"up", tea.KeyUp, "A"}, {"down", tea.KeyDown, "B"}, {"right", tea.KeyRight, "C"},
		{"left", tea.KeyLeft, "D"}, {"begin", tea.KeyBegin, "E"}, {"end", tea.KeyEnd, "F"},
		{"home", tea.KeyHome, "H"},
	}
	for _, k := range keys {
		runKeyCases(t, Modes{}, []keyCase{{k.name, kpress(k.code, 0), "\x1b[" + k.final}})
		runKeyCases(t, Modes{AppCursor: true}, []keyCase{{"app " + k.name, kpress(k.code, 0), "\x1bO" + k.final}})
		for _, mc := range modCombos {
			want := fmt.Sprintf("\x1b[1;%d%s", mc.param, k.final)
			for _, m := range []Modes{{}, {AppCursor: true}} {
				runKeyCases(t, m, []keyCase{{mc.name + " " + k.name, kpress(k.code, mc.mod), want}})
			}
		}
	}
}

// modCombos is every combination of the four encoded modifiers with xterm's parameter.
var modCombos = func() []struct {
	name  string
	mod   tea.KeyMod
	param int
} {
	var out []struct {
		name  string
		mod   tea.KeyMod
		param int
	}
	for bits := 1; bits < 16; bits++ {
		var mod tea.KeyMod
		name := ""
		if bits&1 != 0 {
			mod |= kShift
			name += "shift+"
		}
		if bits&2 != 0 {
			mod |= kAlt
			name += "alt+"
		}
		if bits&4 != 0 {
			mod |= kCtrl
			name += "ctrl+"
		}
		if bits&8 != 0 {
			mod |= kMeta
			name += "meta+"
		}
		out = append(out, struct {
			name  string
			mod   tea.KeyMod
			param int
		}{name, mod, 1 + bits})
	}
	return out
}()

func TestEncodeKeyModifierParameter(t *testing.T) {
	runKeyCases(t, Modes{}, []keyCase{
		{"shift up", kpress(tea.KeyUp, kShift), "\x1b[1;2A"},
		{"alt up", kpress(tea.KeyUp, kAlt), "\x1b[1;3A"},
		{"ctrl up", kpress(tea.KeyUp, kCtrl), "\x1b[1;5A"},
		{"meta up", kpress(tea.KeyUp, kMeta), "\x1b[1;9A"},
		{"ctrl kAlt kShift kMeta up", kpress(tea.KeyUp, kCtrl|kAlt|kShift|kMeta), "\x1b[1;16A"},
		{"num lock ignored", kpress(tea.KeyUp, tea.ModNumLock), "\x1b[A"},
	})
}

func TestEncodeKeyTildeKeys(t *testing.T) {
	keys := []struct {
		name string
		code rune
		num  string
	}{
		{"find", tea.KeyFind, "1"}, {"insert", tea.KeyInsert, "2"}, {"delete", tea.KeyDelete, "3"},
		{"select", tea.KeySelect, "4"}, {"pgup", tea.KeyPgUp, "5"}, {"pgdown", tea.KeyPgDown, "6"},
	}
	for _, k := range keys {
		for _, m := range []Modes{{}, {AppCursor: true}, {AppKeypad: true}} {
			runKeyCases(t, m, []keyCase{{k.name, kpress(k.code, 0), "\x1b[" + k.num + "~"}})
		}
		for _, mc := range modCombos {
			want := fmt.Sprintf("\x1b[%s;%d~", k.num, mc.param)
			runKeyCases(t, Modes{}, []keyCase{{mc.name + " " + k.name, kpress(k.code, mc.mod), want}})
		}
	}
}

func TestEncodeKeyFunctionKeys(t *testing.T) {
	plain := []string{
		"\x1bOP", "\x1bOQ", "\x1bOR", "\x1bOS",
		"\x1b[15~", "\x1b[17~", "\x1b[18~", "\x1b[19~", "\x1b[20~", "\x1b[21~", "\x1b[23~", "\x1b[24~",
	}
	modified := []string{
		"\x1b[1;%dP", "\x1b[1;%dQ", "\x1b[1;%dR", "\x1b[1;%dS",
		"\x1b[15;%d~", "\x1b[17;%d~", "\x1b[18;%d~", "\x1b[19;%d~", "\x1b[20;%d~", "\x1b[21;%d~", "\x1b[23;%d~", "\x1b[24;%d~",
	}
	for i := range 12 {
		name := fmt.Sprintf("F%d", i+1)
		code := tea.KeyF1 + rune(i)
		for _, m := range []Modes{{}, {AppCursor: true}, {AppKeypad: true}} {
			runKeyCases(t, m, []keyCase{{name, kpress(code, 0), plain[i]}})
		}
		for _, mc := range modCombos {
			runKeyCases(t, Modes{}, []keyCase{{mc.name + name, kpress(code, mc.mod), fmt.Sprintf(modified[i], mc.param)}})
		}
	}
	// F13 and up are xterm's shifted, ctrl'd, … F1–F12 (terminfo xterm: kf13=\E[1;2P).
	runKeyCases(t, Modes{}, []keyCase{
		{"F13", kpress(tea.KeyF13, 0), "\x1b[1;2P"},
		{"F17", kpress(tea.KeyF17, 0), "\x1b[15;2~"},
		{"F25", kpress(tea.KeyF25, 0), "\x1b[1;5P"},
		{"F37", kpress(tea.KeyF37, 0), "\x1b[1;6P"},
		{"F49", kpress(tea.KeyF49, 0), "\x1b[1;3P"},
		{"F60", kpress(tea.KeyF60, 0), "\x1b[24;3~"},
		{"F63", kpress(tea.KeyF63, 0), "\x1b[1;4R"},
		{"alt F13", kpress(tea.KeyF13, kAlt), "\x1b[1;4P"},
	})
}

func TestEncodeKeyKeypad(t *testing.T) {
	runKeyCases(t, Modes{}, []keyCase{
		{"kp 5 numeric", ktext("5", tea.KeyKp5, 0), "5"},
		{"kp plus numeric", kpress(tea.KeyKpPlus, 0), "+"},
		{"kp enter numeric", kpress(tea.KeyKpEnter, 0), "\r"},
		{"kp up", kpress(tea.KeyKpUp, 0), "\x1b[A"},
		{"kp kCtrl up", kpress(tea.KeyKpUp, kCtrl), "\x1b[1;5A"},
		{"kp delete", kpress(tea.KeyKpDelete, 0), "\x1b[3~"},
		{"kp begin", kpress(tea.KeyKpBegin, 0), "\x1b[E"},
	})
	runKeyCases(t, Modes{AppKeypad: true}, []keyCase{
		{"kp 0 app", ktext("0", tea.KeyKp0, 0), "\x1bOp"},
		{"kp 9 app", ktext("9", tea.KeyKp9, 0), "\x1bOy"},
		{"kp enter app", kpress(tea.KeyKpEnter, 0), "\x1bOM"},
		{"kp multiply app", kpress(tea.KeyKpMultiply, 0), "\x1bOj"},
		{"kp plus app", kpress(tea.KeyKpPlus, 0), "\x1bOk"},
		{"kp minus app", kpress(tea.KeyKpMinus, 0), "\x1bOm"},
		{"kp decimal app", kpress(tea.KeyKpDecimal, 0), "\x1bOn"},
		{"kp divide app", kpress(tea.KeyKpDivide, 0), "\x1bOo"},
		{"kp equal app", kpress(tea.KeyKpEqual, 0), "\x1bOX"},
		{"alt kp 1 app", kpress(tea.KeyKp1, kAlt), "\x1b\x1bOq"},
		{"kp up follows cursor mode, not keypad mode", kpress(tea.KeyKpUp, 0), "\x1b[A"},
	})
	runKeyCases(t, Modes{AppKeypad: true, AppCursor: true}, []keyCase{
		{"kp up app cursor", kpress(tea.KeyKpUp, 0), "\x1bOA"},
	})
}

func TestEncodeKeyUnknown(t *testing.T) {
	runKeyCases(t, Modes{}, []keyCase{
		{"left kShift alone", kpress(tea.KeyLeftShift, kShift), ""},
		{"caps lock", kpress(tea.KeyCapsLock, 0), ""},
		{"media play", kpress(tea.KeyMediaPlay, 0), ""},
		{"empty key", tea.KeyPressMsg{}, ""},
	})
	if got := EncodeKey(kpress(tea.KeyMediaPlay, 0), Modes{}); got != nil {
		t.Errorf("unknown key: got %q, want nil", got)
	}
}

// TestEncodeKeyFreshSlice checks the caller may modify the result without affecting later calls.
func TestEncodeKeyFreshSlice(t *testing.T) {
	a := EncodeKey(kpress(tea.KeyUp, 0), Modes{})
	a[0] = 'X'
	if b := EncodeKey(kpress(tea.KeyUp, 0), Modes{}); string(b) != "\x1b[A" {
		t.Fatalf("second EncodeKey = %q after modifying the first result", b)
	}
}
