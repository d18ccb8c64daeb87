package localcci

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"github.com/podmux/podmux/cciapi"
)

// Exit codes a shell uses when a command cannot be run; the local server puts them beside the
// message of a start failure.
const (
	exitNotFound  = 127
	exitCannotRun = 126
)

// execStatus builds the channel-3 status the way kubelet (v4) and the API server's v5 translator
// do: Success; Failure/NonZeroExitCode with the code as an ExitCode cause; or, for a command
// that could not be started, Failure/InternalError with the message (and, podmux's addition, the
// shell's exit code as an ExitCode cause, which Kubernetes clients ignore for that reason).
// encodeStatus adds v5's empty "metadata".
func execStatusValue(req *execRequest, waitErr, startErr error) cciapi.Status {
	st := cciapi.Status{Status: "Success"}
	switch {
	case startErr != nil:
		msg := "error executing command in container: " + startErr.Error()
		code := exitCannotRun
		if errors.Is(startErr, exec.ErrNotFound) || errors.Is(startErr, os.ErrNotExist) {
			code = exitNotFound
		}
		st = cciapi.Status{
			Status: "Failure", Reason: "InternalError", Code: 500,
			Message: "Internal error occurred: " + msg,
			Details: &cciapi.StatusDetails{Causes: []cciapi.StatusCause{
				{Message: msg},
				{Reason: cciapi.CauseExitCode, Message: strconv.Itoa(code)},
			}},
		}
	case waitErr != nil:
		code, ok, desc := exitStatus(waitErr)
		if !ok {
			st = cciapi.Status{Status: "Failure", Reason: "InternalError", Code: 500,
				Message: "Internal error occurred: error executing command in container: " + desc}
			break
		}
		st = cciapi.Status{
			Status: "Failure", Reason: cciapi.ReasonNonZeroExitCode,
			Message: fmt.Sprintf("command terminated with non-zero exit code: error executing command [%s], %s",
				strings.Join(req.command, " "), desc),
			Details: &cciapi.StatusDetails{Causes: []cciapi.StatusCause{
				{Reason: cciapi.CauseExitCode, Message: strconv.Itoa(code)},
			}},
		}
	}
	return st
}

// encodeStatus is the JSON of st as proto carries it: v5 adds an empty "metadata".
func encodeStatus(proto string, st cciapi.Status) []byte {
	if proto == cciapi.ProtocolV5 {
		st.Metadata = &cciapi.ListMeta{}
	}
	b, err := json.Marshal(st)
	if err != nil {
		return []byte(`{"status":"Failure","message":"encoding the exec status failed"}`)
	}
	return b
}
