package cciapi

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"time"
)

// PodUpdate is one snapshot from WatchPods. Pods is the full current set of the namespace's
// pods, sorted by name, freshly allocated for each update (the receiver owns the slice; the
// pods' maps and pointers are shared with later snapshots and must not be modified). Err is set when
// listing or watching failed; Pods then holds the last known set and WatchPods retries by itself.
//
// Polling is true once the server turned out unable to watch (WatchUnsupportedError, or a 404
// on watch=true right after a good list): WatchPods then lists again every Config.PollInterval,
// and a view shows a quiet "polling" mark instead of an error.
type PodUpdate struct {
	Pods    []Pod
	Err     error
	Polling bool
}

// Watch retry timing: exponential backoff with ±20 % jitter between these bounds, unless the
// server sent Retry-After.
const (
	watchBackoffMin = 500 * time.Millisecond
	watchBackoffMax = 30 * time.Second
)

// WatchPods keeps an up-to-date view of namespace ns (empty: every namespace, through GET /pods;
// when the server refuses that path, it lists namespace by namespace and polls; pods are then
// ordered by namespace, then name): it lists every page, sends a snapshot,
// then watches from the list's resourceVersion (with bookmarks) and sends a fresh snapshot after
// every change. A 410 Gone (too-old resourceVersion) makes it list again; other failures send an
// update with Err set and retry with exponential backoff (500 ms up to 30 s, jittered), honouring
// Retry-After on 429/503.
//
// Updates are coalesced and built lazily: the watch goroutine only records changes, never waits
// for the reader; a second goroutine builds a snapshot when there is something new and offers it
// on the channel. So at most one snapshot is pending, snapshots cost in proportion to how often
// the reader takes them (not to the event rate), and if the pending one went stale while waiting,
// the current state follows right after it. The channel is closed once ctx is done, after both
// goroutines ended.
func (c *Client) WatchPods(ctx context.Context, ns string) <-chan PodUpdate {
	return c.WatchPodsSelected(ctx, ns, "")
}

// WatchPodsSelected is WatchPods for the pods matching the label selector sel (empty: every
// pod): the server filters lists and watches (labelSelector).
func (c *Client) WatchPodsSelected(ctx context.Context, ns, sel string) <-chan PodUpdate {
	out := make(chan PodUpdate)
	in := &podInformer{c: c, ns: ns, sel: sel, pods: map[string]Pod{}, dirty: make(chan struct{}, 1)}
	watching := make(chan struct{})
	go func() {
		defer close(watching)
		in.run(ctx)
	}()
	go func() {
		defer close(out)
		in.send(ctx, out)
		<-watching
	}()
	return out
}

type podInformer struct {
	c   *Client
	ns  string
	sel string // label selector, empty for every pod

	mu      sync.Mutex
	pods    map[string]Pod // guarded by mu
	names   []string       // guarded by mu: the keys of pods, sorted
	err     error          // guarded by mu: the last failure, cleared by the next success
	polling bool           // guarded by mu: the server cannot watch; list every PollInterval
	dirty   chan struct{}  // capacity 1: the state changed since the last snapshot

	// Used by the watch goroutine only.
	rv    string
	fail  int  // consecutive failures, for the backoff
	perNS bool // every namespace, listed one by one (GET /pods was refused)
}

// send offers a snapshot whenever the state changed, until ctx is done.
func (in *podInformer) send(ctx context.Context, out chan<- PodUpdate) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-in.dirty:
		}
		u := in.snapshot()
		select {
		case out <- u:
		case <-ctx.Done():
			return
		}
	}
}

// snapshot copies the current state in name order (no sort: names is kept sorted).
func (in *podInformer) snapshot() PodUpdate {
	in.mu.Lock()
	defer in.mu.Unlock()
	pods := make([]Pod, 0, len(in.names))
	for _, n := range in.names {
		pods = append(pods, in.pods[n])
	}
	return PodUpdate{Pods: pods, Err: in.err, Polling: in.polling}
}

// key is a pod's key in the informer: its name, or namespace/name when watching every namespace.
func (in *podInformer) key(p *Pod) string {
	if in.ns == "" {
		return p.Metadata.Namespace + "/" + p.Metadata.Name
	}
	return p.Metadata.Name
}

// setPod stores (or, with del, removes) a pod, keeping names sorted. Caller holds mu.
func (in *podInformer) setPod(p Pod, del bool) {
	name := in.key(&p)
	i, found := slices.BinarySearch(in.names, name)
	switch {
	case del && found:
		in.names = slices.Delete(in.names, i, i+1)
		delete(in.pods, name)
	case del:
	case !found:
		in.names = slices.Insert(in.names, i, name)
		in.pods[name] = p
	default:
		in.pods[name] = p
	}
}

// changed records the outcome of a step (err nil: success) and wakes the sender.
func (in *podInformer) changed(err error) {
	in.mu.Lock()
	in.err = err
	in.mu.Unlock()
	select {
	case in.dirty <- struct{}{}:
	default:
	}
}

func (in *podInformer) run(ctx context.Context) {
	needList := true
	gone := 0 // consecutive 410s without a successful event in between
	for ctx.Err() == nil {
		if needList {
			l, err := in.list(ctx)
			if err != nil {
				if !in.failed(ctx, err) {
					return
				}
				continue
			}
			pods := make(map[string]Pod, len(l.Items))
			names := make([]string, 0, len(l.Items))
			for _, p := range l.Items {
				k := in.key(&p)
				if _, dup := pods[k]; !dup {
					names = append(names, k)
				}
				pods[k] = p
			}
			slices.Sort(names)
			in.mu.Lock()
			in.pods, in.names = pods, names
			in.mu.Unlock()
			in.rv = l.Metadata.ResourceVersion
			needList = false
			in.changed(nil)
		}
		if in.isPolling() {
			if !in.sleep(ctx, in.c.cfg.PollInterval) {
				return
			}
			needList = true
			continue
		}
		got, err := in.watchOnce(ctx)
		if got > 0 {
			in.fail, gone = 0, 0
		}
		switch {
		case ctx.Err() != nil:
			return
		case IsWatchUnsupported(err) || (got == 0 && IsNotFound(err)):
			// A server that cannot watch: it answered watch=true with a plain list, 405, or a
			// 404 for the path it just listed. Poll instead, quietly.
			in.mu.Lock()
			in.polling = true
			in.mu.Unlock()
			in.changed(nil)
		case IsGone(err):
			needList = true
			gone++
			if gone > 1 && !in.sleep(ctx, in.backoff(nil)) {
				return
			}
		case errors.Is(err, io.EOF):
			// The server ended the watch (its timeout): resume from the last resourceVersion, but
			// do not spin against a server that ends every watch at once.
			if got == 0 && !in.sleep(ctx, in.backoff(nil)) {
				return
			}
			// Without a resourceVersion (a server that gives none), a new watch would replay the
			// pods that exist and never say which went away meanwhile: list again instead.
			needList = in.rv == ""
		case err != nil:
			if !in.failed(ctx, err) {
				return
			}
		}
	}
}

func (in *podInformer) isPolling() bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.polling
}

// list lists every pod of the view. For every namespace it asks GET /pods; when the server
// refuses that path (404, 405, 403, 501) it lists each namespace instead, from then on, and polls
// (there is no one watch for them).
func (in *podInformer) list(ctx context.Context) (*PodList, error) {
	if in.ns != "" || !in.perNS {
		l, err := in.c.listAllPodsSelected(ctx, in.ns, in.sel, 500)
		if err == nil || in.ns != "" || !refusedPath(err) {
			return l, err
		}
		in.perNS = true
		in.mu.Lock()
		in.polling = true
		in.mu.Unlock()
	}
	nss, err := in.c.ListNamespaces(ctx)
	if err != nil {
		return nil, err
	}
	all := &PodList{}
	for _, n := range nss {
		l, err := in.c.listAllPodsSelected(ctx, n.Metadata.Name, in.sel, 500)
		if err != nil {
			if IsNotFound(err) { // deleted since the namespace list
				continue
			}
			return nil, err
		}
		for i := range l.Items {
			if l.Items[i].Metadata.Namespace == "" {
				l.Items[i].Metadata.Namespace = n.Metadata.Name
			}
		}
		all.Items = append(all.Items, l.Items...)
	}
	return all, nil
}

// refusedPath reports whether err says the server does not serve a path at all.
func refusedPath(err error) bool {
	switch statusCode(err) {
	case http.StatusNotFound, http.StatusMethodNotAllowed, http.StatusForbidden, http.StatusNotImplemented:
		return true
	}
	return false
}

// watchOnce runs one watch stream until it ends and applies its events; it returns how many
// events it applied and why it ended (io.EOF for a clean end).
func (in *podInformer) watchOnce(ctx context.Context) (int, error) {
	w, err := in.c.watch(ctx, in.ns, in.rv, in.sel)
	if err != nil {
		return 0, err
	}
	defer w.Close()
	got := 0
	for {
		ev, err := w.Next()
		if err != nil {
			return got, err
		}
		got++
		if ev.Type != EventBookmark {
			in.mu.Lock()
			in.setPod(ev.Pod, ev.Type == EventDeleted)
			in.mu.Unlock()
		}
		if rv := ev.Pod.Metadata.ResourceVersion; rv != "" {
			in.rv = rv
		}
		if ev.Type != EventBookmark {
			in.changed(nil)
		}
	}
}

// failed reports err with the last known pods and sleeps out the backoff; false if ctx ended.
func (in *podInformer) failed(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	in.changed(err)
	return in.sleep(ctx, in.backoff(err))
}

// backoff returns the next retry delay: the server's Retry-After when err carries one, else
// exponential from watchBackoffMin, capped at watchBackoffMax, with ±20 % jitter.
func (in *podInformer) backoff(err error) time.Duration {
	var se *StatusError
	if errors.As(err, &se) && se.RetryAfter > 0 {
		return se.RetryAfter
	}
	d := watchBackoffMin << min(in.fail, 10)
	d = min(d, watchBackoffMax)
	in.fail++
	jitter := time.Duration(rand.Int64N(int64(d)*2/5+1)) - d/5
	return d + jitter
}

func (in *podInformer) sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
