package fanout

import (
	"context"
	"errors"
	"syscall"
	"time"

	"github.com/podmux/podmux/cciapi"
)

// maxBackoff bounds one wait between two starts.
const maxBackoff = 5 * time.Second

// start opens pod's exec stream. A dial the server's host refused ran nothing: it is tried
// again after a backoff, up to Options.Retries more times. (A 429 Too Many Requests is retried
// by the client itself, honouring Retry-After: cciapi's throttle; one that still comes through
// is retried here too.) Anything else is returned.
func (r *Run) start(ctx context.Context, o cciapi.ExecOptions) (cciapi.Stream, int, error) {
	wait := r.opts.Backoff
	for attempt := 1; ; attempt++ {
		s, err := r.ex.Exec(ctx, o)
		if err == nil {
			return s, attempt, nil
		}
		retry, hint := Retryable(err)
		if !retry || r.opts.Retries < 0 || attempt > r.opts.Retries || ctx.Err() != nil {
			return nil, attempt, err
		}
		d := wait
		if hint > 0 {
			d = hint
		}
		t := time.NewTimer(min(d, maxBackoff))
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return nil, attempt, err
		}
		wait = min(wait*2, maxBackoff)
	}
}

// Retryable reports whether an exec start error means the command did not start and may be
// tried again: a 429 answer (with the server's Retry-After hint, if any) or a refused dial.
func Retryable(err error) (bool, time.Duration) {
	var se *cciapi.StatusError
	if cciapi.IsThrottled(err) && errors.As(err, &se) {
		return true, se.RetryAfter
	}
	if errors.Is(err, syscall.ECONNREFUSED) {
		return true, 0
	}
	return false, 0
}
