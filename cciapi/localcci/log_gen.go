package localcci

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/podmux/podmux/cciapi"
)

// Log formats a fixture container may ask for (FixtureContainer.Log); empty picks one from the
// image (nginx, postgres, redis, else a plain structured text log).
const (
	LogText    = "text"    // "2026-01-02T15:04:05.000Z INFO  msg key=value"
	LogJSON    = "json"    // one JSON object a line, as slog/logrus/logback JSON encoders write
	LogCounter = "counter" // "line N": the Nth line of the run, for tests that count lines
)

// logGen makes the log of one run of a container. Line k of a run is stamped
// start + k·interval and its text is a pure function of (namespace, pod, container, k), so any
// two requests for the same run (a tail, a follow, a resume with sinceSeconds) agree on every
// line: a client that reconnects gets exactly the lines it missed.
type logGen struct {
	kind     string // nginx, postgres, redis, app, json, counter
	name     string // container
	seed     uint64
	interval time.Duration
}

func newLogGen(ns, pod string, c cciapi.Container, format string, interval time.Duration) *logGen {
	h := fnv.New64a()
	h.Write([]byte(ns + "/" + pod + "/" + c.Name))
	kind := "app"
	switch format {
	case LogJSON:
		kind = "json"
	case LogCounter:
		kind = "counter"
	case LogText:
	default:
		for _, k := range []string{"nginx", "postgres", "redis"} {
			if strings.Contains(c.Image, k) {
				kind = k
			}
		}
	}
	return &logGen{kind: kind, name: c.Name, seed: h.Sum64(), interval: interval}
}

// logLine is one generated line and its time.
type logLine struct {
	t    time.Time
	text string
}

// run describes one run of a container: it started at start and, unless running, ended at end
// with failed telling whether it crashed.
type run struct {
	start, end time.Time
	running    bool
	failed     bool
	exitCode   int32
}

// lines returns the run's lines stamped in [from, to] (inclusive), at most limit of the last
// ones, followed by the run's closing lines when it ended and to reaches its end.
func (g *logGen) lines(r run, from, to time.Time, limit int) []logLine {
	if !r.running && to.After(r.end) {
		to = r.end
	}
	first := g.index(r.start, from, true)
	last := g.index(r.start, to, false)
	if last-first+1 > int64(limit) {
		first = last - int64(limit) + 1
	}
	var out []logLine
	for k := max(first, 0); k <= last; k++ {
		t := r.start.Add(time.Duration(k) * g.interval)
		out = append(out, logLine{t, g.line(k, t)})
	}
	if !r.running && !to.Before(r.end) && !from.After(r.end) {
		out = append(out, g.closing(r)...)
	}
	if len(out) > limit {
		out = out[len(out)-limit:]
	}
	return out
}

// index is the first line index stamped at or after t (ceil) or the last at or before t.
func (g *logGen) index(start, t time.Time, ceil bool) int64 {
	d := t.Sub(start)
	if d < 0 {
		if ceil {
			return 0
		}
		return -1
	}
	k := int64(d / g.interval)
	if ceil && time.Duration(k)*g.interval < d {
		k++
	}
	return k
}

// closing is what a run prints as it ends: a clean shutdown, or a crash with its cause.
func (g *logGen) closing(r run) []logLine {
	t := r.end
	if !r.failed {
		return []logLine{{t, g.format(t, "info", g.name+" finished: all work done, exiting 0", nil)}}
	}
	var out []logLine
	for i := 1; i <= 3; i++ {
		out = append(out, logLine{t, g.format(t, "error", "cannot reach the database", []kv{
			{"err", "dial tcp 10.247.0.10:5432: connect: connection refused"}, {"attempt", fmt.Sprintf("%d/3", i)}})})
	}
	out = append(out, logLine{t, g.format(t, "error", "giving up: the database postgres.data.svc:5432 is unreachable", []kv{{"exit", r.exitCode}})})
	for _, s := range []string{"panic: cannot reach the database after 3 attempts", "", "goroutine 1 [running]:",
		"main.main()", "\t/src/cmd/" + g.name + "/main.go:57 +0x1c5", fmt.Sprintf("exit status %d", r.exitCode)} {
		out = append(out, logLine{t, s})
	}
	return out
}

type kv struct {
	k string
	v any
}

// format writes one application line in the generator's style.
func (g *logGen) format(t time.Time, level, msg string, kvs []kv) string {
	if g.kind == "json" {
		var b strings.Builder
		b.WriteString(`{"time":"` + t.UTC().Format("2006-01-02T15:04:05.000Z07:00") + `","level":"` + level + `","msg":`)
		m, _ := json.Marshal(msg)
		b.Write(m)
		for _, p := range kvs {
			v, _ := json.Marshal(p.v)
			b.WriteString(`,"` + p.k + `":`)
			b.Write(v)
		}
		b.WriteString("}")
		return b.String()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %-5s %s", t.UTC().Format("2006-01-02T15:04:05.000Z"), strings.ToUpper(level), msg)
	for _, p := range kvs {
		fmt.Fprintf(&b, " %s=%v", p.k, p.v)
	}
	return b.String()
}

var (
	logPaths   = []string{"/", "/api/products", "/api/cart", "/api/checkout", "/healthz", "/static/app.js", "/api/orders/1042"}
	logMethods = []string{"GET", "GET", "GET", "POST", "GET", "PUT"}
	logMsgs    = []string{"handled request", "cache refreshed", "order queued", "heartbeat", "connection pool stats"}
)

// line makes line k of a run, stamped t.
func (g *logGen) line(k int64, t time.Time) string {
	if g.kind == "counter" {
		return fmt.Sprintf("line %d", k)
	}
	r := rand.New(rand.NewPCG(g.seed, uint64(k)))
	if k == 0 {
		return g.startLine(t)
	}
	path := logPaths[r.IntN(len(logPaths))]
	switch g.kind {
	case "nginx":
		code := []int{200, 200, 200, 200, 304, 404, 201}[r.IntN(7)]
		return fmt.Sprintf(`10.%d.%d.%d - - [%s] "%s %s HTTP/1.1" %d %d "-" "Mozilla/5.0"`,
			r.IntN(255), r.IntN(255), r.IntN(255), t.UTC().Format("02/Jan/2006:15:04:05 -0700"),
			logMethods[r.IntN(len(logMethods))], path, code, 200+r.IntN(9000))
	case "postgres":
		return fmt.Sprintf("%s [%d] LOG:  checkpoint complete: wrote %d buffers (%.1f%%); write=%.3f s",
			t.UTC().Format("2006-01-02 15:04:05.000 UTC"), 20+r.IntN(60), r.IntN(500), r.Float64()*3, r.Float64()*4)
	case "redis":
		return fmt.Sprintf("1:M %s * %d changes in 300 seconds. Saving...", t.UTC().Format("02 Jan 2006 15:04:05.000"), 1+r.IntN(200))
	case "json":
		switch n := r.IntN(20); {
		case n == 0:
			return g.format(t, "error", "upstream request failed", []kv{{"path", path}, {"status", 502},
				{"err", "context deadline exceeded"}, {"trace_id", fmt.Sprintf("%016x", r.Uint64())}})
		case n < 3:
			return g.format(t, "warn", "slow request", []kv{{"method", logMethods[r.IntN(len(logMethods))]},
				{"path", path}, {"duration_ms", 500 + r.IntN(2000)}})
		case n < 5:
			return g.format(t, "debug", "cache lookup", []kv{{"key", "sku:" + fmt.Sprint(1000+r.IntN(9000))}, {"hit", r.IntN(2) == 0}})
		}
		return g.format(t, "info", "request handled", []kv{{"method", logMethods[r.IntN(len(logMethods))]},
			{"path", path}, {"status", 200}, {"duration_ms", 1 + r.IntN(80)}, {"bytes", 200 + r.IntN(9000)}})
	}
	msg := logMsgs[r.IntN(len(logMsgs))]
	return g.format(t, "info", msg, []kv{{"path", path}, {"status", 200}, {"duration", fmt.Sprintf("%dms", 1+r.IntN(80))}})
}

func (g *logGen) startLine(t time.Time) string {
	switch g.kind {
	case "nginx":
		return t.UTC().Format("2006/01/02 15:04:05") + " [notice] 1#1: start worker processes"
	case "postgres":
		return t.UTC().Format("2006-01-02 15:04:05.000 UTC") + " [1] LOG:  database system is ready to accept connections"
	case "redis":
		return "1:M " + t.UTC().Format("02 Jan 2006 15:04:05.000") + " * Ready to accept connections tcp"
	}
	return g.format(t, "info", g.name+" starting", []kv{{"version", "1.8.3"}, {"listen", ":8080"}})
}
