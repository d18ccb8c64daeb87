package localcci

import (
	"bufio"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/podmux/podmux/cciapi"
)

// maxLogHistory bounds how many lines of one run a log request returns before following.
const maxLogHistory = 5000

// logTimestamp is how timestamps=true prefixes each line: kubelet's fixed-width RFC 3339 with
// nanoseconds (cciapi.ParseLogLine reads it).
const logTimestamp = "2006-01-02T15:04:05.000000000Z07:00"

// logQuery is a parsed log request.
type logQuery struct {
	container  string
	follow     bool
	previous   bool
	timestamps bool
	tail       int64 // -1: all
	since      int64 // seconds; 0: all
	limitBytes int64 // 0: no limit
}

func parseLogQuery(r *http.Request) (logQuery, *apiError) {
	q := r.URL.Query()
	lq := logQuery{container: q.Get("container"), tail: -1}
	for _, b := range []struct {
		name string
		to   *bool
	}{{"follow", &lq.follow}, {"previous", &lq.previous}, {"timestamps", &lq.timestamps}} {
		if v := q.Get(b.name); v != "" {
			x, err := strconv.ParseBool(v)
			if err != nil {
				return lq, badRequest(b.name + " " + quote(v) + " is not a boolean (true or false)")
			}
			*b.to = x
		}
	}
	for _, n := range []struct {
		name string
		to   *int64
		min  int64
	}{{"tailLines", &lq.tail, 0}, {"sinceSeconds", &lq.since, 1}, {"limitBytes", &lq.limitBytes, 1}} {
		if v := q.Get(n.name); v != "" {
			x, err := strconv.ParseInt(v, 10, 64)
			if err != nil || x < n.min {
				return lq, badRequest(fmt.Sprintf("%s %s is not an integer of at least %d", n.name, quote(v), n.min))
			}
			*n.to = x
		}
	}
	if q.Has("sinceTime") {
		return lq, badRequest("sinceTime is not supported by CCI: use sinceSeconds")
	}
	return lq, nil
}

// podLog answers a container's log. Lines are generated (logGen) per run of the container, in the
// style of its image or fixture log format; timestamps, tailLines, sinceSeconds, limitBytes and
// previous work as on kubelet. follow=true streams each new line when it is due (every
// LogInterval) while the run lasts, and ends with the run's closing lines when the container
// stops, or when the client leaves or the server closes.
func (s *Server) podLog(w http.ResponseWriter, r *http.Request) {
	ns, name := r.PathValue("ns"), r.PathValue("name")
	lq, aerr := parseLogQuery(r)
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	pod, err := s.store.pod(ns, name)
	if err != nil {
		writeError(w, err)
		return
	}
	cname := lq.container
	if cname == "" {
		switch names := cciapi.ContainerNames(&pod); {
		case len(names) == 1:
			cname = names[0]
		case cciapi.DefaultContainer(&pod) != "":
			cname = cciapi.DefaultContainer(&pod)
		default:
			writeError(w, badRequest(fmt.Sprintf("a container name must be specified for pod %s, choose one of: [%s]", name, strings.Join(names, " "))))
			return
		}
	}
	idx := containerIndex(&pod, cname)
	if idx < 0 {
		writeError(w, badRequest(fmt.Sprintf("container %s is not valid for pod %s: choose one of [%s]", cname, name, strings.Join(cciapi.ContainerNames(&pod), " "))))
		return
	}
	cs := containerStatus(&pod, cname)
	now := time.Now()
	var rn run
	switch {
	case lq.previous:
		if cs == nil || cs.RestartCount == 0 {
			writeError(w, badRequest(fmt.Sprintf("previous terminated container %q in pod %q not found", cname, name)))
			return
		}
		rn = previousRun(cs, now)
	case cs != nil && cs.State.Waiting != nil && cs.RestartCount == 0:
		writeError(w, badRequest(fmt.Sprintf("container %q in pod %q is waiting to start: %s", cname, name, cs.State.Waiting.Reason)))
		return
	default:
		rn = currentRun(cs, pod.Metadata.CreationTimestamp, now)
	}

	gen := newLogGen(ns, name, pod.Spec.Containers[idx], s.logFormat(ns, name, cname), s.opts.LogInterval)
	from := rn.start
	if lq.since > 0 {
		if t := now.Add(-time.Duration(lq.since) * time.Second); t.After(from) {
			from = t
		}
	}
	limit := maxLogHistory
	if lq.tail >= 0 && lq.tail < int64(limit) {
		limit = int(lq.tail)
	}
	lines := gen.lines(rn, from, now, limit)
	if limit == 0 {
		lines = nil
	}

	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	out := &logWriter{w: bufio.NewWriterSize(w, 32<<10), ts: lq.timestamps, left: lq.limitBytes}
	for _, l := range lines {
		if !out.write(l) {
			out.flush(w)
			return
		}
	}
	out.flush(w)
	if !lq.follow || !rn.running {
		return
	}
	s.followLog(w, r, out, gen, rn, ns, name, cname, now)
}

// followLog streams the lines of a running run as they fall due, until the run ends (then its
// closing lines), the client leaves or the server closes. The lines up to after are sent.
func (s *Server) followLog(w http.ResponseWriter, r *http.Request, out *logWriter, gen *logGen, rn run, ns, pod, cname string, after time.Time) {
	next := gen.index(rn.start, after, false) + 1
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		due := rn.start.Add(time.Duration(next) * gen.interval)
		timer.Reset(max(time.Until(due), 5*time.Millisecond))
		select {
		case <-r.Context().Done():
			return
		case <-s.stop:
			return
		case <-timer.C:
		}
		if p, err := s.store.pod(ns, pod); err == nil {
			if cs := containerStatus(&p, cname); cs == nil || cs.State.Running == nil || !cs.State.Running.StartedAt.Equal(rn.start) {
				ended := currentRun(cs, p.Metadata.CreationTimestamp, time.Now())
				if cs != nil && cs.State.Terminated != nil && cs.State.Terminated.StartedAt.Equal(rn.start) {
					rest := gen.closing(ended)
					if from := rn.start.Add(time.Duration(next) * gen.interval); !from.After(ended.end) {
						rest = gen.lines(ended, from, ended.end, maxLogHistory)
					}
					for _, l := range rest {
						if !out.write(l) {
							break
						}
					}
				}
				out.flush(w)
				return
			}
		} else {
			out.flush(w)
			return
		}
		now := time.Now()
		last := gen.index(rn.start, now, false)
		for ; next <= last; next++ {
			t := rn.start.Add(time.Duration(next) * gen.interval)
			if !out.write(logLine{t, gen.line(next, t)}) {
				out.flush(w)
				return
			}
		}
		if !out.flush(w) {
			return
		}
	}
}

// logWriter writes lines (timestamped when asked) and stops at limitBytes.
type logWriter struct {
	w    *bufio.Writer
	ts   bool
	left int64 // bytes still allowed; 0 at start: no limit
	done bool
	err  error
}

// write writes one line; false once the client is gone or the byte limit is reached.
func (lw *logWriter) write(l logLine) bool {
	if lw.done {
		return false
	}
	s := l.text + "\n"
	if lw.ts {
		s = l.t.UTC().Format(logTimestamp) + " " + s
	}
	if lw.left > 0 {
		if int64(len(s)) >= lw.left {
			s, lw.done = s[:lw.left], true
		}
		lw.left -= int64(len(s))
	}
	if _, err := lw.w.WriteString(s); err != nil {
		lw.done, lw.err = true, err
	}
	return !lw.done
}

// flush sends what is buffered; false when the client is gone.
func (lw *logWriter) flush(w http.ResponseWriter) bool {
	if err := lw.w.Flush(); err != nil {
		lw.err = err
		return false
	}
	if fl, ok := w.(http.Flusher); ok {
		fl.Flush()
	}
	return lw.err == nil
}

// currentRun is the container's current (or, while it waits to restart, its last) run.
func currentRun(cs *cciapi.ContainerStatus, created, now time.Time) run {
	if cs == nil {
		return run{start: created, end: now}
	}
	switch st := cs.State; {
	case st.Running != nil:
		return run{start: st.Running.StartedAt, running: true}
	case st.Terminated != nil:
		return run{start: st.Terminated.StartedAt, end: st.Terminated.FinishedAt,
			failed: st.Terminated.ExitCode != 0, exitCode: st.Terminated.ExitCode}
	}
	return previousRun(cs, now)
}

// previousRun is the run before the current one: it crashed (exit 2) shortly before the current
// run started, or for a container waiting out a back-off, a few seconds ago.
func previousRun(cs *cciapi.ContainerStatus, now time.Time) run {
	end := now.Add(-7 * time.Second).Truncate(time.Second)
	switch st := cs.State; {
	case st.Running != nil:
		end = st.Running.StartedAt.Add(-10 * time.Second)
	case st.Terminated != nil:
		end = st.Terminated.StartedAt.Add(-10 * time.Second)
	}
	return run{start: end.Add(-42 * time.Second), end: end, failed: true, exitCode: 2}
}

func containerIndex(p *cciapi.Pod, name string) int {
	for i, c := range p.Spec.Containers {
		if c.Name == name {
			return i
		}
	}
	return -1
}

func containerStatus(p *cciapi.Pod, name string) *cciapi.ContainerStatus {
	for i := range p.Status.ContainerStatuses {
		if p.Status.ContainerStatuses[i].Name == name {
			return &p.Status.ContainerStatuses[i]
		}
	}
	return nil
}

// logFormat is the fixture's log format for a container, or "" (from the image).
func (s *Server) logFormat(ns, pod, container string) string {
	return s.logFormats[ns+"/"+pod+"/"+container]
}
