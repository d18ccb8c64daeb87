package cli

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"sync"

	"github.com/podmux/podmux/cciapi"
)

// logTarget is one container run to stream: a pod's container in one run (restartCount), so a
// restart is a new target.
type logTarget struct {
	src logSource
	run int32
}

func (t logTarget) key() string {
	return t.src.Namespace + "/" + t.src.Pod + "/" + t.src.Container + "#" + strconv.Itoa(int(t.run))
}

// selectorRun merges the logs of the pods matching -l: it keeps one stream per container run of
// every matching pod, at most --max-log-requests open at once (the rest wait for a slot).
type selectorRun struct {
	l      *LogsCmd
	c      *cciapi.Client
	p      *logPrinter
	stderr io.Writer
	cre    *regexp.Regexp // -c as a regular expression, nil for every container
	slots  chan struct{}  // --max-log-requests

	wg      sync.WaitGroup
	mu      sync.Mutex
	running map[string]context.CancelFunc // by target key: open (or waiting) streams
	started map[string]bool               // every target ever started, so a run is streamed once
	pods    map[string]bool               // pods (ns/name) with streams, for --max-pods and the join/leave notes
	failed  []error
}

// runSelector merges the logs of every pod matching the selector. Without -f it takes one
// snapshot and prints every container's log; with -f it follows the pods through the watch (or
// polling, where the server cannot watch): pods that start matching join, pods that go away leave
// (noted on stderr as "+ pod/container" and "- pod/container", as stern does).
func (l *LogsCmd) runSelector(ctx context.Context, c *cciapi.Client, p *logPrinter, stderr io.Writer) error {
	r := &selectorRun{l: l, c: c, p: p, stderr: stderr, slots: make(chan struct{}, l.MaxLogRequests),
		running: map[string]context.CancelFunc{}, started: map[string]bool{}, pods: map[string]bool{}}
	if l.Container != "" {
		r.cre = regexp.MustCompile(l.Container) // checked by check
	}
	ns := l.Namespace
	if l.AllNamespaces {
		ns = ""
	}
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	updates := c.WatchPodsSelected(wctx, ns, l.Selector)
	var lastErr string
	for {
		var u cciapi.PodUpdate
		select {
		case <-ctx.Done():
			r.stopAll()
			return ctx.Err()
		case u = <-updates:
		}
		if u.Err != nil {
			if !l.Follow {
				return fmt.Errorf("logs: listing pods matching %q: %w", l.Selector, u.Err)
			}
			if msg := u.Err.Error(); msg != lastErr {
				fmt.Fprintf(stderr, "podmux: watching pods matching %q: %v (retrying)\n", l.Selector, u.Err)
				lastErr = msg
			}
			continue
		}
		lastErr = ""
		r.reconcile(ctx, u.Pods)
		if !l.Follow {
			r.wg.Wait()
			return r.result()
		}
	}
}

// result is the run's error: the failures of its streams, joined.
func (r *selectorRun) result() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.failed) == 0 {
		return nil
	}
	err := r.failed[0]
	if n := len(r.failed); n > 1 {
		err = fmt.Errorf("%w (and %d more failed streams)", err, n-1)
	}
	return err
}

func (r *selectorRun) stopAll() {
	r.mu.Lock()
	for _, cancel := range r.running {
		cancel()
	}
	r.mu.Unlock()
	r.wg.Wait()
}

// targets returns the container runs of pods to stream: running containers when following;
// every container that ran (running or terminated) otherwise. Containers matching -c only.
func (r *selectorRun) targets(p *cciapi.Pod) []logTarget {
	var out []logTarget
	for _, cn := range cciapi.ContainerNames(p) {
		if r.cre != nil && !r.cre.MatchString(cn) {
			continue
		}
		var cs *cciapi.ContainerStatus
		for i := range p.Status.ContainerStatuses {
			if p.Status.ContainerStatuses[i].Name == cn {
				cs = &p.Status.ContainerStatuses[i]
			}
		}
		ran := cs != nil && (cs.State.Running != nil || cs.State.Terminated != nil || cs.RestartCount > 0)
		if r.l.Follow {
			ran = cs != nil && cs.State.Running != nil
		}
		if r.l.Previous {
			ran = cs != nil && cs.RestartCount > 0
		}
		if !ran {
			continue
		}
		out = append(out, logTarget{src: logSource{p.Metadata.Namespace, p.Metadata.Name, cn}, run: cs.RestartCount})
	}
	return out
}

// reconcile starts streams for new container runs of matching pods (up to --max-pods pods) and
// stops those of pods that left.
func (r *selectorRun) reconcile(ctx context.Context, pods []cciapi.Pod) {
	r.mu.Lock()
	defer r.mu.Unlock()
	present := map[string]bool{}
	for i := range pods {
		p := &pods[i]
		if p.Metadata.Namespace == "" {
			p.Metadata.Namespace = r.l.Namespace
		}
		pk := p.Metadata.Namespace + "/" + p.Metadata.Name
		present[pk] = true
		if !r.pods[pk] && r.l.MaxPods > 0 && len(r.pods) >= r.l.MaxPods {
			continue
		}
		for _, t := range r.targets(p) {
			if r.started[t.key()] {
				continue
			}
			r.started[t.key()] = true
			r.pods[pk] = true
			r.start(ctx, t)
		}
	}
	for pk := range r.pods {
		if present[pk] {
			continue
		}
		delete(r.pods, pk)
		for k, cancel := range r.running {
			if len(k) > len(pk) && k[:len(pk)+1] == pk+"/" {
				cancel()
			}
		}
	}
}

// start opens one target's stream once a slot is free. Caller holds mu.
func (r *selectorRun) start(ctx context.Context, t logTarget) {
	sctx, cancel := context.WithCancel(ctx)
	k := t.key()
	r.running[k] = cancel
	if r.l.Follow {
		fmt.Fprintf(r.stderr, "+ %s/%s\n", t.src.Pod, t.src.Container)
	}
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		defer func() {
			r.mu.Lock()
			delete(r.running, k)
			r.mu.Unlock()
			cancel()
			if r.l.Follow && ctx.Err() == nil {
				fmt.Fprintf(r.stderr, "- %s/%s\n", t.src.Pod, t.src.Container)
			}
		}()
		select {
		case r.slots <- struct{}{}:
		case <-sctx.Done():
			return
		}
		defer func() { <-r.slots }()
		err := r.l.stream(sctx, r.c, r.p, r.stderr, t.src)
		if err != nil && sctx.Err() == nil {
			r.mu.Lock()
			r.failed = append(r.failed, err)
			r.mu.Unlock()
			if r.l.Follow {
				fmt.Fprintf(r.stderr, "podmux: %v\n", err)
			}
		}
	}()
}
