package cciapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Reasons and cause types of the exec status (Kubernetes remotecommand constants).
const (
	ReasonNonZeroExitCode = "NonZeroExitCode"
	CauseExitCode         = "ExitCode"
)

// maxStatusFrame bounds the status JSON podmux decodes; kubelet's are a few hundred bytes.
const maxStatusFrame = 64 << 10

// ExecError is a failure the server reported on the status channel that is not a plain non-zero
// exit: e.g. the command could not be started, or the container is gone. ExitCode is the code
// the status carried beside the message (127 for a command not found on podmux's local server),
// or -1 when it carried none.
type ExecError struct {
	Reason   string
	Message  string
	ExitCode int
}

// Error is the server's message on one line.
func (e *ExecError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = "the server reported a failure without a message"
		if e.Reason != "" {
			msg += " (" + e.Reason + ")"
		}
	}
	return "remote command failed: " + oneLineStatus(msg)
}

// DecodeExecStatus decodes the status JSON of channel 3, in the v4 and v5 shapes:
//   - {"status":"Success"} (v5 adds "metadata":{}) gives (0, nil);
//   - a Failure with reason NonZeroExitCode gives the exit code of the cause whose reason is
//     ExitCode (a decimal 0..255), with a nil error;
//   - any other Failure gives an *ExecError with the message (and ExitCode from a cause if any);
//   - a body that is not JSON (the pre-v4 plain-text form) gives an *ExecError with that text.
//
// A malformed status is an error, never exit code 0.
func DecodeExecStatus(p []byte) (exitCode int, err error) {
	if len(p) > maxStatusFrame {
		return -1, fmt.Errorf("exec status of %d bytes is too long", len(p))
	}
	trimmed := strings.TrimSpace(string(p))
	if trimmed == "" {
		return -1, errors.New("exec status is empty")
	}
	if trimmed[0] != '{' {
		return -1, &ExecError{Message: trimmed, ExitCode: -1}
	}
	var st Status
	if err := json.Unmarshal(p, &st); err != nil {
		return -1, fmt.Errorf("exec status is not valid Status JSON: %v", err)
	}
	switch st.Status {
	case "Success":
		return 0, nil
	case "Failure":
	default:
		return -1, fmt.Errorf("exec status %q is neither Success nor Failure", oneLineStatus(st.Status))
	}
	code, found, cerr := exitCodeCause(st.Details)
	if st.Reason == ReasonNonZeroExitCode {
		if cerr != nil {
			return -1, cerr
		}
		if !found {
			return -1, errors.New("exec status NonZeroExitCode carries no ExitCode cause")
		}
		return code, nil
	}
	if !found || cerr != nil {
		code = -1
	}
	return code, &ExecError{Reason: st.Reason, Message: st.Message, ExitCode: code}
}

// exitCodeCause finds the ExitCode cause. Kubernetes writes the cause type under the JSON key
// "reason"; "type" is accepted too.
func exitCodeCause(d *StatusDetails) (code int, found bool, err error) {
	if d == nil {
		return 0, false, nil
	}
	for _, c := range d.Causes {
		if c.Reason != CauseExitCode && c.Type != CauseExitCode {
			continue
		}
		n, perr := strconv.ParseUint(strings.TrimSpace(c.Message), 10, 8)
		if perr != nil {
			return 0, true, fmt.Errorf("exec status exit code %q is not a number 0..255", oneLineStatus(c.Message))
		}
		return int(n), true, nil
	}
	return 0, false, nil
}

// oneLineStatus flattens a server-supplied message to one printable line of bounded length.
func oneLineStatus(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "?"))
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		s = strings.ToValidUTF8(s[:300], "") + "…"
	}
	return s
}
