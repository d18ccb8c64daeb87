package cciapi

import (
	"context"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// LogOptions select a container's log, with the query parameters CCI documents (it has no
// sinceTime). Container empty: the server picks (the only container, or the default-container
// annotation). Follow keeps the stream open for new lines. TailLines, when set, starts that many
// lines from the end; SinceSeconds only returns lines at most that old; LimitBytes stops the
// answer after that many bytes. Timestamps prefixes every line with its RFC 3339 time (see
// ParseLogLine). Previous returns the log of the container's previous run (a crashed one).
type LogOptions struct {
	Container    string
	Follow       bool
	TailLines    *int64
	SinceSeconds *int64
	LimitBytes   *int64
	Timestamps   bool
	Previous     bool
}

// Values is the options as a log request's query.
func (o LogOptions) Values() url.Values {
	q := url.Values{}
	if o.Container != "" {
		q.Set("container", o.Container)
	}
	if o.Follow {
		q.Set("follow", "true")
	}
	if o.Previous {
		q.Set("previous", "true")
	}
	if o.Timestamps {
		q.Set("timestamps", "true")
	}
	for _, p := range []struct {
		name string
		v    *int64
	}{{"tailLines", o.TailLines}, {"sinceSeconds", o.SinceSeconds}, {"limitBytes", o.LimitBytes}} {
		if p.v != nil {
			q.Set(p.name, strconv.FormatInt(*p.v, 10))
		}
	}
	return q
}

// PodLogs opens a container's log. The caller reads it and must Close it; with Follow it ends
// when ctx is done, the body is closed or the server ends it. A refused request (no such pod or
// container, a container that never ran, no previous run) is a *StatusError.
func (c *Client) PodLogs(ctx context.Context, ns, name string, opts LogOptions) (io.ReadCloser, error) {
	resp, err := c.do(ctx, c.long, c.url(podsPath(ns)+"/"+url.PathEscape(name)+"/log", opts.Values()))
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// Int64 returns a pointer to v, for LogOptions' optional numbers.
func Int64(v int64) *int64 { return &v }

// ParseLogLine splits a line of a timestamps=true log into its time and its text. The server
// writes an RFC 3339 time with up to nanoseconds and one space before the text (kubelet:
// "2006-01-02T15:04:05.000000000Z"). ok is false, and text the whole line, when the line has
// no such prefix. A trailing "\n" (and "\r") is removed.
func ParseLogLine(line string) (t time.Time, text string, ok bool) {
	line = strings.TrimSuffix(line, "\n")
	line = strings.TrimSuffix(line, "\r")
	stamp, rest, found := strings.Cut(line, " ")
	if !found {
		stamp, rest = line, ""
	}
	if len(stamp) < len("2006-01-02T15:04:05Z") || stamp[4] != '-' || stamp[10] != 'T' {
		return time.Time{}, line, false
	}
	t, err := time.Parse(time.RFC3339Nano, stamp)
	if err != nil {
		return time.Time{}, line, false
	}
	return t, rest, true
}
