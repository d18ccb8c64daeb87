// Package secret holds the one redacting string type for passwords, keys and tokens, shared by
// the config loader and the CCI client.
package secret

import (
	"fmt"
)

// Redacted is what a Secret shows wherever it is printed, logged or marshalled.
const Redacted = "[redacted]"

// Secret is a password, secret key or token. Its String, GoString, Format and MarshalJSON all
// print Redacted (or nothing for an empty Secret), so a Secret inside a struct, an error or a
// log line never shows its value. Reveal returns the value for the one place that must send it.
type Secret string

// Reveal returns the secret's value. Call it only where the value goes on the wire.
func (s Secret) Reveal() string { return string(s) }

// String redacts.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return Redacted
}

// GoString redacts (for %#v).
func (s Secret) GoString() string { return fmt.Sprintf("secret.Secret(%q)", s.String()) }

// Format redacts for every verb, including %v, %+v, %#v, %s, %q and %x.
func (s Secret) Format(f fmt.State, verb rune) {
	switch verb {
	case 'v':
		if f.Flag('#') {
			_, _ = f.Write([]byte(s.GoString()))
			return
		}
		_, _ = f.Write([]byte(s.String()))
	case 'q':
		_, _ = fmt.Fprintf(f, "%q", s.String())
	default:
		_, _ = f.Write([]byte(s.String()))
	}
}

// MarshalJSON redacts.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(fmt.Sprintf("%q", s.String())), nil }

// MarshalText redacts (YAML, encoding/xml, maps keyed by text).
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }
