package localcci

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/podmux/podmux/cciapi"
)

// maxLogHistory bounds the generated history of one container's log.
const maxLogHistory = 200

// podLog answers a container's log: plausible generated lines whose style follows the image
// (nginx access log, postgres, redis, a generic structured log), timestamped from the container's
// start. tailLines keeps the last lines; follow=true keeps streaming a new line every LogInterval
// while the container runs, until the client leaves or the server closes.
func (s *Server) podLog(w http.ResponseWriter, r *http.Request) {
	ns, name := r.PathValue("ns"), r.PathValue("name")
	q := r.URL.Query()
	pod, err := s.store.pod(ns, name)
	if err != nil {
		writeError(w, err)
		return
	}
	cname := q.Get("container")
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
	var tail int64 = -1
	if v := q.Get("tailLines"); v != "" {
		n, perr := strconv.ParseInt(v, 10, 64)
		if perr != nil || n < 0 {
			writeError(w, badRequest("tailLines "+quote(v)+" is not a non-negative integer"))
			return
		}
		tail = n
	}
	follow, _ := strconv.ParseBool(q.Get("follow"))
	cs := containerStatus(&pod, cname)
	if cs != nil && cs.State.Waiting != nil && cs.RestartCount == 0 {
		writeError(w, badRequest(fmt.Sprintf("container %q in pod %q is waiting to start: %s", cname, name, cs.State.Waiting.Reason)))
		return
	}

	gen := newLogGen(ns, name, pod.Spec.Containers[idx])
	now := time.Now()
	lines := gen.history(cs, pod.Metadata.CreationTimestamp, now)
	if tail >= 0 && int64(len(lines)) > tail {
		lines = lines[int64(len(lines))-tail:]
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	for _, l := range lines {
		if _, err := fmt.Fprintln(w, l); err != nil {
			return
		}
	}
	fl, _ := w.(http.Flusher)
	if fl != nil {
		fl.Flush()
	}
	if !follow || cs == nil || cs.State.Running == nil {
		return
	}
	t := time.NewTicker(s.opts.LogInterval)
	defer t.Stop()
	for {
		select {
		case now := <-t.C:
			if _, err := fmt.Fprintln(w, gen.line(now)); err != nil {
				return
			}
			if fl != nil {
				fl.Flush()
			}
		case <-r.Context().Done():
			return
		case <-s.stop:
			return
		}
	}
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

// logGen makes log lines for one container, deterministic per namespace/pod/container.
type logGen struct {
	kind string // nginx, postgres, redis, app
	name string
	rng  *rand.Rand
}

func newLogGen(ns, pod string, c cciapi.Container) *logGen {
	h := fnv.New64a()
	h.Write([]byte(ns + "/" + pod + "/" + c.Name))
	kind := "app"
	for _, k := range []string{"nginx", "postgres", "redis"} {
		if strings.Contains(c.Image, k) {
			kind = k
		}
	}
	return &logGen{kind: kind, name: c.Name, rng: rand.New(rand.NewPCG(h.Sum64(), 42))}
}

// history returns the lines written from the container's start until now (at most
// maxLogHistory), ending with a crash or completion line when the container is not running.
func (g *logGen) history(cs *cciapi.ContainerStatus, created, now time.Time) []string {
	start, end := created, now
	if cs != nil {
		switch st := cs.State; {
		case st.Running != nil:
			start = st.Running.StartedAt
		case st.Terminated != nil:
			start, end = st.Terminated.StartedAt, st.Terminated.FinishedAt
		}
	}
	if !end.After(start) {
		start = end.Add(-time.Minute)
	}
	n := int(end.Sub(start)/(15*time.Second)) + 3
	n = min(n, maxLogHistory)
	step := end.Sub(start) / time.Duration(n)
	lines := []string{g.startLine(start)}
	for i := 1; i < n; i++ {
		lines = append(lines, g.line(start.Add(time.Duration(i)*step)))
	}
	if cs != nil {
		switch {
		case cs.State.Terminated != nil && cs.State.Terminated.ExitCode == 0:
			lines = append(lines, g.stamp(end)+" INFO  "+g.name+" finished: all work done, exiting 0")
		case cs.State.Terminated != nil || cs.State.Waiting != nil:
			lines = append(lines, g.stamp(end)+" ERROR "+g.name+": dial tcp 10.247.0.10:5432: connect: connection refused",
				"panic: cannot reach the database after 5 attempts", "", "goroutine 1 [running]:", "main.main()",
				"\t/src/cmd/"+g.name+"/main.go:57 +0x1c5", "exit status 2")
		}
	}
	return lines
}

func (g *logGen) stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func (g *logGen) startLine(t time.Time) string {
	switch g.kind {
	case "nginx":
		return t.UTC().Format("2006/01/02 15:04:05") + " [notice] 1#1: start worker processes"
	case "postgres":
		return t.UTC().Format("2006-01-02 15:04:05.000 UTC") + " [1] LOG:  database system is ready to accept connections"
	case "redis":
		return "1:M " + t.UTC().Format("02 Jan 2006 15:04:05.000") + " * Ready to accept connections tcp"
	}
	return g.stamp(t) + " INFO  " + g.name + " starting version=1.8.3 listen=:8080"
}

var (
	logPaths   = []string{"/", "/api/products", "/api/cart", "/api/checkout", "/healthz", "/static/app.js", "/api/orders/1042"}
	logMethods = []string{"GET", "GET", "GET", "POST", "GET", "PUT"}
	logMsgs    = []string{"handled request", "cache refreshed", "order queued", "heartbeat", "connection pool stats"}
)

// line makes one ordinary line stamped t.
func (g *logGen) line(t time.Time) string {
	r := g.rng
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
	}
	msg := logMsgs[r.IntN(len(logMsgs))]
	return fmt.Sprintf("%s INFO  %s path=%s status=200 duration=%dms", g.stamp(t), msg, path, 1+r.IntN(80))
}
