package cciapi

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// PodUpdate is one snapshot from WatchPods. Pods is the full current set of the namespace's
// pods, sorted by name, freshly allocated for each update (the receiver owns it). Err is set when
// listing or watching failed; Pods then holds the last known set and WatchPods retries by itself.
type PodUpdate struct {
	Pods []Pod
	Err  error
}

// Watch retry timing: exponential backoff with ±20 % jitter between these bounds, unless the
// server sent Retry-After.
const (
	watchBackoffMin = 500 * time.Millisecond
	watchBackoffMax = 30 * time.Second
)

// WatchPods keeps an up-to-date view of namespace ns: it lists every page, sends a snapshot,
// then watches from the list's resourceVersion (with bookmarks) and sends a fresh snapshot after
// every change. A 410 Gone (too-old resourceVersion) makes it list again; other failures send an
// update with Err set and retry with exponential backoff (500 ms up to 30 s, jittered), honouring
// Retry-After on 429/503. Updates are coalesced: the channel holds at most one pending snapshot
// and a newer one replaces it, so a slow reader never stalls the watch and always gets the latest
// state. The channel is closed once ctx is done; no goroutine outlives that.
func (c *Client) WatchPods(ctx context.Context, ns string) <-chan PodUpdate {
	out := make(chan PodUpdate, 1)
	in := &podInformer{c: c, ns: ns, out: out, pods: map[string]Pod{}}
	go func() {
		defer close(out)
		in.run(ctx)
	}()
	return out
}

type podInformer struct {
	c    *Client
	ns   string
	out  chan PodUpdate
	pods map[string]Pod
	rv   string
	fail int // consecutive failures, for the backoff
}

func (in *podInformer) run(ctx context.Context) {
	needList := true
	gone := 0 // consecutive 410s without a successful event in between
	for ctx.Err() == nil {
		if needList {
			l, err := in.c.ListAllPods(ctx, in.ns)
			if err != nil {
				if !in.failed(ctx, err) {
					return
				}
				continue
			}
			in.pods = make(map[string]Pod, len(l.Items))
			for _, p := range l.Items {
				in.pods[p.Metadata.Name] = p
			}
			in.rv = l.Metadata.ResourceVersion
			needList = false
			in.publish(nil)
		}
		got, err := in.watchOnce(ctx)
		if got > 0 {
			in.fail, gone = 0, 0
		}
		switch {
		case ctx.Err() != nil:
			return
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
		case err != nil:
			if !in.failed(ctx, err) {
				return
			}
		}
	}
}

// watchOnce runs one watch stream until it ends and applies its events; it returns how many
// events it applied and why it ended (io.EOF for a clean end).
func (in *podInformer) watchOnce(ctx context.Context) (int, error) {
	w, err := in.c.Watch(ctx, in.ns, in.rv)
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
		name := ev.Pod.Metadata.Name
		switch ev.Type {
		case EventAdded, EventModified:
			in.pods[name] = ev.Pod
		case EventDeleted:
			delete(in.pods, name)
		}
		if rv := ev.Pod.Metadata.ResourceVersion; rv != "" {
			in.rv = rv
		}
		if ev.Type != EventBookmark {
			in.publish(nil)
		}
	}
}

// failed reports err with the last known pods and sleeps out the backoff; false if ctx ended.
func (in *podInformer) failed(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	in.publish(err)
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

// publish sends a fresh sorted snapshot, replacing any snapshot the reader has not taken yet.
// It never blocks: this goroutine is the only sender, so after the drain there is room.
func (in *podInformer) publish(err error) {
	pods := make([]Pod, 0, len(in.pods))
	for _, p := range in.pods {
		pods = append(pods, p)
	}
	slices.SortFunc(pods, func(a, b Pod) int { return strings.Compare(a.Metadata.Name, b.Metadata.Name) })
	u := PodUpdate{Pods: pods, Err: err}
	select {
	case in.out <- u:
		return
	default:
	}
	select {
	case <-in.out:
	default:
	}
	in.out <- u
}
