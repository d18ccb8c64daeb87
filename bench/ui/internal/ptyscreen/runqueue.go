package ptyscreen

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// RunDelay returns how long the threads of process pid have waited, runnable, on a CPU's run
// queue so far (summed over threads; /proc/PID/task/*/schedstat, second field). Exited
// threads' time is lost, so compare only deltas over short windows.
func RunDelay(pid int) (time.Duration, error) {
	tasks, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/schedstat", pid))
	if err != nil || len(tasks) == 0 {
		return 0, fmt.Errorf("no schedstat for process %d", pid)
	}
	var sum time.Duration
	for _, p := range tasks {
		b, err := os.ReadFile(p)
		if err != nil {
			continue // the thread ended
		}
		f := strings.Fields(string(b))
		if len(f) < 2 {
			continue
		}
		ns, err := strconv.ParseInt(f[1], 10, 64)
		if err == nil {
			sum += time.Duration(ns)
		}
	}
	return sum, nil
}

// QueueSampler samples RunDelay of some processes every interval, so a slow keystroke can be
// told apart: the UI or the server waiting for a CPU, or neither (the shell, or podmux itself).
// Each sample reads every thread's schedstat: keep the interval at tens of milliseconds, or
// the sampling itself takes a share of a core.
type QueueSampler struct {
	pids  []int
	mu    sync.Mutex
	at    []time.Time
	delay [][]time.Duration
	stop  chan struct{}
	done  chan struct{}
}

// SampleQueues starts sampling pids every interval until Stop.
func SampleQueues(interval time.Duration, pids ...int) *QueueSampler {
	q := &QueueSampler{pids: pids, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(q.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			row := make([]time.Duration, len(pids))
			for i, pid := range pids {
				row[i], _ = RunDelay(pid)
			}
			q.mu.Lock()
			q.at, q.delay = append(q.at, time.Now()), append(q.delay, row)
			q.mu.Unlock()
			select {
			case <-q.stop:
				return
			case <-t.C:
			}
		}
	}()
	return q
}

// Stop ends the sampling.
func (q *QueueSampler) Stop() { close(q.stop); <-q.done }

// Queued returns, per sampled process, how much its run-queue wait grew between the last
// sample at or before from and the first at or after to (zero without samples around them).
func (q *QueueSampler) Queued(from, to time.Time) []time.Duration {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := make([]time.Duration, len(q.pids))
	i, j := -1, -1
	for k, t := range q.at {
		if !t.After(from) {
			i = k
		}
		if j < 0 && !t.Before(to) {
			j = k
		}
	}
	if i < 0 || j < 0 {
		return out
	}
	for p := range out {
		out[p] = q.delay[j][p] - q.delay[i][p]
	}
	return out
}

// SlowQueued is Slow with each slow keystroke's run-queue growth of the sampled processes,
// named by names: "1333 ms at +4.1 s (queued: podmux 900 ms, server 12 ms)".
func SlowQueued(keys []Keystroke, t0 time.Time, over time.Duration, q *QueueSampler, names ...string) string {
	var slow []string
	for _, k := range keys {
		d := k.Seen.Sub(k.Sent)
		if d <= over {
			continue
		}
		var parts []string
		for i, w := range q.Queued(k.Sent, k.Seen) {
			parts = append(parts, fmt.Sprintf("%s %.0f ms", names[i], float64(w)/1e6))
		}
		slow = append(slow, fmt.Sprintf("%.0f ms at +%.1f s (queued: %s)", float64(d)/1e6, k.Sent.Sub(t0).Seconds(), strings.Join(parts, ", ")))
	}
	return strings.Join(slow, "; ")
}
