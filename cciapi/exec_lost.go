package cciapi

import "errors"

// ErrConnectionLost is matched (errors.Is) by every exec error that means the connection
// dropped, went silent past the keepalive, or could not be made, rather than that the command
// ended or the server refused it. Such errors also have a ConnectionLost method returning true,
// which is how the session layer (which does not import cciapi) decides to reconnect.
var ErrConnectionLost = errors.New("exec connection lost")

// lostError marks err as a lost connection; its text stays err's.
type lostError struct{ err error }

func (e lostError) Error() string        { return e.err.Error() }
func (e lostError) Unwrap() error        { return e.err }
func (e lostError) Is(target error) bool { return target == ErrConnectionLost }

// ConnectionLost reports true: the connection, not the command, ended.
func (e lostError) ConnectionLost() bool { return true }
