package cli

import (
	"context"
	"errors"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/session"
)

// logDialer follows container logs for log panes through cciapi.LogFollower: the log is
// followed (unless it is a previous run's) from the spec's tail, survives dropped streams
// without losing or repeating a line, and ends with the reason when the container stops.
func logDialer(c *cciapi.Client) session.LogDialer {
	return session.LogDialerFunc(func(ctx context.Context, t session.Target, container string, emit func(session.LogLine)) (string, error) {
		spec := t.Log
		if spec == nil {
			return "", errors.New("not a log target")
		}
		f := &cciapi.LogFollower{Client: c, Namespace: t.Namespace, Pod: t.Pod, Options: cciapi.LogOptions{
			Container: container, Follow: !spec.Previous, Previous: spec.Previous, TailLines: cciapi.Int64(int64(spec.TailLines)),
		}}
		err := f.Run(ctx, func(l cciapi.LogLine) error {
			emit(session.LogLine{Time: l.Time, Text: l.Text, Gap: l.Gap, More: l.More})
			return nil
		})
		if errors.Is(err, cciapi.ErrLogEnded) {
			return err.Error(), nil
		}
		return "", err
	})
}
