package keymap

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// modifierOrder is the order Bubble Tea writes modifiers in a key name
// (ultraviolet Key.Keystroke); a binding matches only that exact spelling.
var modifierOrder = []string{"ctrl", "alt", "shift", "meta", "hyper", "super"}

// namedKeys are the non-printable key names Bubble Tea reports.
var namedKeys = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range strings.Fields(`enter tab backspace esc space up down left right begin find
		insert delete select pgup pgdown home end capslock scrolllock numlock printscreen pause menu`) {
		m[k] = true
	}
	for i := 1; i <= 63; i++ {
		m[fmt.Sprintf("f%d", i)] = true
	}
	return m
}()

// aliases are common spellings from other tools, with the name to use instead.
var aliases = map[string]string{
	"escape": "esc", "return": "enter", "ret": "enter", "cr": "enter", "pageup": "pgup",
	"pagedown": "pgdown", "page_up": "pgup", "page_down": "pgdown", "ppage": "pgup", "npage": "pgdown",
	"del": "delete", "bs": "backspace", "bspace": "backspace", "ins": "insert", "spc": "space",
	" ": "space", "control": "ctrl", "opt": "alt", "option": "alt", "cmd": "super",
}

// ValidateKey checks that name is a key Bubble Tea can report, spelled the
// way key.Matches compares it: lower-case modifiers in the order
// ctrl+alt+shift+meta+hyper+super, then a named key (enter, tab, esc, space,
// up, pgdown, f1…f63, …) or a single printable character. The error says what
// to write instead when it can tell (e.g. "C-b" → "ctrl+b", "escape" → "esc").
func ValidateKey(name string) error {
	if name == "" {
		return fmt.Errorf("empty key name")
	}
	if s, ok := tmuxStyle(name); ok {
		return fmt.Errorf("key %q: write it as %q", name, s)
	}
	rest := name
	var mods []string
	for {
		i := strings.IndexByte(rest, '+')
		if i <= 0 || i == len(rest)-1 {
			break
		}
		m := rest[:i]
		if a, ok := aliases[strings.ToLower(m)]; ok {
			m = a
		}
		if !isModifier(strings.ToLower(m)) {
			break
		}
		mods = append(mods, strings.ToLower(m))
		rest = rest[i+1:]
	}
	base := rest
	canonBase := base
	if a, ok := aliases[strings.ToLower(base)]; ok {
		canonBase = a
	} else if utf8.RuneCountInString(base) > 1 {
		canonBase = strings.ToLower(base)
	}
	canon := canonical(mods, canonBase)
	switch {
	case utf8.RuneCountInString(canonBase) == 1:
		r, _ := utf8.DecodeRuneInString(canonBase)
		if !unicode.IsPrint(r) || r == ' ' {
			return fmt.Errorf("key %q: %q is not a printable character; use a key name such as space or tab", name, canonBase)
		}
		if len(mods) > 0 && mods[0] == "ctrl" && unicode.IsUpper(r) {
			return fmt.Errorf("key %q: terminals report ctrl with a lower-case letter: write %q", name, canonical(mods, string(unicode.ToLower(r))))
		}
		if canonBase == "@" && len(mods) == 1 && mods[0] == "ctrl" {
			return fmt.Errorf("key %q: terminals report ctrl+@ as %q", name, "ctrl+space")
		}
	case !namedKeys[canonBase]:
		return fmt.Errorf("key %q: unknown key %q; use a single character or one of enter, tab, esc, space, backspace, up, down, left, right, home, end, pgup, pgdown, insert, delete, f1…f63, with ctrl+, alt+, shift+ in front", name, base)
	}
	if canon != name {
		return fmt.Errorf("key %q: write it as %q", name, canon)
	}
	return nil
}

func isModifier(m string) bool {
	for _, o := range modifierOrder {
		if m == o {
			return true
		}
	}
	return false
}

// canonical writes mods (deduplicated, in Bubble Tea's order) before base.
func canonical(mods []string, base string) string {
	var b strings.Builder
	for _, o := range modifierOrder {
		for _, m := range mods {
			if m == o {
				b.WriteString(o)
				b.WriteByte('+')
				break
			}
		}
	}
	b.WriteString(base)
	return b.String()
}

// tmuxStyle recognises tmux/emacs names such as "C-b", "M-x", "C-M-a" and
// returns the Bubble Tea spelling.
func tmuxStyle(name string) (string, bool) {
	var mods []string
	rest := name
	for len(rest) > 2 && rest[1] == '-' {
		switch rest[0] {
		case 'C':
			mods = append(mods, "ctrl")
		case 'M':
			mods = append(mods, "alt")
		case 'S':
			mods = append(mods, "shift")
		default:
			return "", false
		}
		rest = rest[2:]
	}
	if len(mods) == 0 {
		return "", false
	}
	if a, ok := aliases[strings.ToLower(rest)]; ok {
		rest = a
	} else {
		rest = strings.ToLower(rest)
	}
	return canonical(mods, rest), true
}

// keyGlyphs are the short forms Label uses for help.
var keyGlyphs = map[string]string{"up": "↑", "down": "↓", "left": "←", "right": "→"}

// Label is the help text for a list of keys, e.g. ["up","k"] → "↑/k".
// An empty list gives "".
func Label(keys []string) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		if g, ok := keyGlyphs[k]; ok {
			k = g
		}
		parts[i] = k
	}
	return strings.Join(parts, "/")
}
