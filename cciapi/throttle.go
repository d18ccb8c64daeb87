package cciapi

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"time"
)

// Throttle retry timing: when the server answers 429 TooManyRequests (or 503 with Retry-After)
// without a Retry-After, wait throttleBackoffMin, doubling up to throttleBackoffMax, with ±20 %
// jitter; a Retry-After is honoured as given (capped at 5 minutes by parseRetryAfter).
const (
	throttleBackoffMin = 250 * time.Millisecond
	throttleBackoffMax = 8 * time.Second
	// defaultThrottleRetries is how many times one call is retried after 429 (Config.ThrottleRetries 0).
	defaultThrottleRetries = 6
)

// IsThrottled reports whether err is (or wraps) a 429 TooManyRequests StatusError.
func IsThrottled(err error) bool { return statusCode(err) == http.StatusTooManyRequests }

// throttleDelay returns how long to wait before retrying a call that failed with err, and false
// when err is no throttle answer. attempt counts the retries so far (0 for the first).
func throttleDelay(err error, attempt int) (time.Duration, bool) {
	var se *StatusError
	if !errors.As(err, &se) {
		return 0, false
	}
	switch {
	case se.Code == http.StatusTooManyRequests:
	case se.Code == http.StatusServiceUnavailable && se.RetryAfter > 0:
	default:
		return 0, false
	}
	if se.RetryAfter > 0 {
		return se.RetryAfter, true
	}
	return jittered(min(throttleBackoffMin<<min(attempt, 10), throttleBackoffMax)), true
}

// jittered returns d ±20 %.
func jittered(d time.Duration) time.Duration {
	return d + time.Duration(rand.Int64N(int64(d)*2/5+1)) - d/5
}

// retryThrottled runs call and, while it fails with 429 TooManyRequests (or 503 with
// Retry-After), waits as the server asked (Retry-After) or backs off exponentially with jitter,
// and runs it again, at most retries times. It is the one throttle mechanism of the client: REST
// calls (lists, gets, watches, logs, events) go through it in do, exec dials in Exec. It returns
// the last error, or ctx's error when ctx ends while waiting.
func retryThrottled(ctx context.Context, retries int, call func() error) error {
	for attempt := 0; ; attempt++ {
		err := call()
		if err == nil || attempt >= retries {
			return err
		}
		d, ok := throttleDelay(err, attempt)
		if !ok {
			return err
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
	}
}

// throttleRetries is Config.ThrottleRetries with its default applied (negative: none).
func (c *Client) throttleRetries() int {
	switch n := c.cfg.ThrottleRetries; {
	case n < 0:
		return 0
	case n == 0:
		return defaultThrottleRetries
	default:
		return n
	}
}
