package fanout

import (
	"encoding/base64"
	"unicode/utf8"
)

// Record is one pod's result as JSON (podmux run -o json, and the UI's export). Output that
// is not valid UTF-8 is given base64-encoded in stdout_base64 / stderr_base64 instead.
type Record struct {
	Namespace      string  `json:"namespace"`
	Pod            string  `json:"pod"`
	Container      string  `json:"container"`
	State          string  `json:"state"`
	ExitCode       *int    `json:"exit_code"`
	DurationS      float64 `json:"duration_seconds"`
	Stdout         string  `json:"stdout"`
	Stderr         string  `json:"stderr"`
	StdoutBase64   string  `json:"stdout_base64,omitempty"`
	StderrBase64   string  `json:"stderr_base64,omitempty"`
	Error          string  `json:"error,omitempty"`
	TruncatedBytes int64   `json:"truncated_bytes"`
}

// NewRecord converts a result.
func NewRecord(r Result) Record {
	rec := Record{Namespace: r.Namespace, Pod: r.Pod, Container: r.Container, State: r.State.String(),
		DurationS: r.Duration(r.End).Seconds(), TruncatedBytes: r.Truncated}
	if r.State == Exited {
		c := r.ExitCode
		rec.ExitCode = &c
	}
	if r.Err != nil && r.State != Exited {
		rec.Error = r.Err.Error()
	}
	if utf8.Valid(r.Stdout) {
		rec.Stdout = string(r.Stdout)
	} else {
		rec.StdoutBase64 = base64.StdEncoding.EncodeToString(r.Stdout)
	}
	if utf8.Valid(r.Stderr) {
		rec.Stderr = string(r.Stderr)
	} else {
		rec.StderrBase64 = base64.StdEncoding.EncodeToString(r.Stderr)
	}
	return rec
}
