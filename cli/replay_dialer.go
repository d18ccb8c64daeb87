package cli

import (
	"context"
	"time"

	"github.com/podmux/podmux/session"
	"github.com/podmux/podmux/session/record"
)

// replayIdleLimit caps pauses when a recording plays in a pane at its recorded pace.
const replayIdleLimit = 2 * time.Second

// withReplays wraps a dialer so targets naming a recording play it instead of dialing.
func withReplays(d session.Dialer) session.Dialer {
	return session.DialerFunc(func(ctx context.Context, t session.Target, cmd []string, cols, rows int) (session.Stream, error) {
		if t.Recording == "" {
			return d.Dial(ctx, t, cmd, cols, rows)
		}
		c, err := record.Open(t.Recording)
		if err != nil {
			return nil, err
		}
		return record.NewPlayer(c, record.PlayerOptions{MaxSpeed: !t.Timed, IdleLimit: replayIdleLimit}), nil
	})
}
