package term

import "strings"

// Bracketed paste delimiters (DECSET 2004).
const (
	pasteStart = "\x1b[200~"
	pasteEnd   = "\x1b[201~"
)

// EncodePaste returns the bytes to send for pasted text under the remote's modes m.
//
// Line endings become CR, as xterm sends them for a paste (CR LF and lone LF both become one CR).
// Any paste delimiter inside text is removed, repeatedly, so the result never contains ESC[200~
// or ESC[201~ except the pair EncodePaste adds: a paste cannot end the bracket early and have the
// rest run as typed commands. The delimiters are stripped in both modes, so a paste can also
// never fake the start of a bracketed paste. With m.BracketedPaste the result is wrapped in
// ESC[200~ … ESC[201~. Empty text gives nil.
func EncodePaste(text string, m Modes) []byte {
	if text == "" {
		return nil
	}
	text = stripPasteDelimiters(text)
	text = strings.ReplaceAll(text, "\r\n", "\r")
	text = strings.ReplaceAll(text, "\n", "\r")
	if !m.BracketedPaste {
		if text == "" {
			return nil
		}
		return []byte(text)
	}
	b := make([]byte, 0, len(pasteStart)+len(text)+len(pasteEnd))
	b = append(b, pasteStart...)
	b = append(b, text...)
	return append(b, pasteEnd...)
}

// stripPasteDelimiters removes both delimiters until none is left; removing one can join the
// bytes around it into another ("\x1b[20\x1b[201~1~"), hence the loop. Each round shortens the
// text, so it ends.
func stripPasteDelimiters(text string) string {
	for strings.Contains(text, pasteStart) || strings.Contains(text, pasteEnd) {
		text = strings.ReplaceAll(text, pasteStart, "")
		text = strings.ReplaceAll(text, pasteEnd, "")
	}
	return text
}
