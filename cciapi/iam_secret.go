package cciapi

import "github.com/podmux/podmux/internal/secret"

// Redacted is what a Secret shows wherever it is printed, logged or marshalled.
const Redacted = secret.Redacted

// Secret is a password, secret key or token that redacts itself wherever it is printed, logged
// or marshalled; Reveal returns the value for the one place that must send it. It is the same
// type in cciapi and config (internal/secret), so one converts to the other without Reveal.
type Secret = secret.Secret
