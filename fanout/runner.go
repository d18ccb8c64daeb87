// Package fanout runs one command, without a tty, on many pods at once (`podmux run` and the UI's
// results view): a bounded number at a time, each with its own timeout, its output kept per pod
// (bounded) and attributed, and its end classified (exit code, timed out, cancelled, failed).
// It also groups identical answers, folds pod names into ranges (web-[0-5,7]) and diffs a
// minority answer against the majority's. It imports cciapi only for the exec seam.
package fanout

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"

	"github.com/podmux/podmux/cciapi"
)

// Defaults of Options.
const (
	DefaultMaxParallel = 16
	DefaultMaxOutput   = 8 << 20
	// MaxStdin bounds the stdin sent to every pod (read once, buffered).
	MaxStdin = 64 << 20
)

// Execer starts exec streams. *cciapi.Client satisfies it.
type Execer interface {
	Exec(ctx context.Context, o cciapi.ExecOptions) (cciapi.Stream, error)
}

// Target is one pod container to run on. An empty Container means the server's default.
type Target struct {
	Namespace string
	Pod       string
	Container string
}

// Stream names one of a command's outputs.
type Stream int

const (
	Stdout Stream = 1
	Stderr Stream = 2
)

// Tee receives a copy of one pod's output (both streams, in arrival order), e.g. a recording.
// Output is called from that pod's reader goroutines under the runner's lock for the pod.
type Tee interface {
	Output(p []byte)
	Close() error
}

// Options configure a run. The zero value runs 16 at a time, no timeout, no stdin, 8 MiB of
// output kept per pod.
type Options struct {
	MaxParallel int           // pods running at once; <= 0: DefaultMaxParallel
	Timeout     time.Duration // bound of each pod's run; 0: none
	Stdin       []byte        // sent to every pod, then EOF; nil: no stdin
	MaxOutput   int           // bytes of stdout+stderr kept per pod; <= 0: DefaultMaxOutput
	// Retries is how many times a start refused with 429 or a refused dial is tried again
	// (never a command that started); < 0: none; 0: 5. Backoff is the first wait (doubling,
	// at most 5 s, or the server's Retry-After); 0: 200 ms.
	Retries int
	Backoff time.Duration
	// OnLine, when set, gets every whole line (without its newline; a last line without one at
	// the end) of every pod, from the pod's reader goroutines: it must be safe for concurrent
	// use. Lines longer than 64 KiB arrive in pieces.
	OnLine func(i int, s Stream, line []byte)
	// OnDone, when set, is called once per pod when it ended (from its worker goroutine).
	OnDone func(i int, r Result)
	// Sink, when set, returns writers that get each pod's whole output (not bounded), e.g.
	// files of --outdir. Either may be nil.
	Sink func(i int, t Target) (stdout, stderr io.Writer)
	// Tee, when set, returns a recording of pod i's output, or nil.
	Tee func(i int, t Target) Tee

	now func() time.Time
}

// Run is one fan-out in progress. Its methods are safe for concurrent use; Wake fires (at most
// one pending signal) whenever a pod changed, so a UI can redraw once per frame.
type Run struct {
	ex      Execer
	targets []Target
	command []string
	opts    Options

	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}
	wake   chan struct{}

	mu      sync.Mutex
	results []Result
	outs    []*output
}

// Start starts cmd on every target in the background and returns the run. Cancelling ctx (or
// calling Cancel) closes every stream, so every remote process ends.
func Start(ctx context.Context, ex Execer, targets []Target, cmd []string, o Options) *Run {
	if o.MaxParallel <= 0 {
		o.MaxParallel = DefaultMaxParallel
	}
	if o.MaxOutput <= 0 {
		o.MaxOutput = DefaultMaxOutput
	}
	if o.Retries == 0 {
		o.Retries = 5
	}
	if o.Backoff <= 0 {
		o.Backoff = 200 * time.Millisecond
	}
	if o.now == nil {
		o.now = time.Now
	}
	r := &Run{ex: ex, targets: targets, command: cmd, opts: o, done: make(chan struct{}), wake: make(chan struct{}, 1)}
	r.ctx, r.cancel = context.WithCancel(ctx)
	r.results = make([]Result, len(targets))
	r.outs = make([]*output, len(targets))
	for i, t := range targets {
		r.results[i] = Result{Target: t, State: Queued}
		r.outs[i] = &output{limit: o.MaxOutput}
	}
	go r.loop()
	return r
}

// Wait blocks until every pod ended and returns the results, in target order.
func (r *Run) Wait() []Result {
	<-r.done
	return r.Results()
}

// Done is closed once every pod ended.
func (r *Run) Done() <-chan struct{} { return r.done }

// Wake fires after any pod changed (state or output).
func (r *Run) Wake() <-chan struct{} { return r.wake }

// Cancel ends the run: queued pods end Cancelled, running streams are closed.
func (r *Run) Cancel() { r.cancel() }

// Command returns the command the run runs.
func (r *Run) Command() []string { return r.command }

// Targets returns the run's targets, in order.
func (r *Run) Targets() []Target { return r.targets }

// Results returns a snapshot of every pod's result, in target order. Output slices are copies.
func (r *Run) Results() []Result {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Result, len(r.results))
	for i := range r.results {
		out[i] = r.snapshot(i)
	}
	return out
}

// Result returns a snapshot of pod i.
func (r *Run) Result(i int) Result {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.snapshot(i)
}

// Progress counts pods by state without copying output.
func (r *Run) Progress() Progress {
	r.mu.Lock()
	defer r.mu.Unlock()
	var p Progress
	for i := range r.results {
		p.add(r.results[i])
	}
	return p
}

// Status returns pod i's state and size information without copying its output: state, exit
// code, error, start/end, bytes kept, and its first line of output (at most 256 bytes).
func (r *Run) Status(i int) Result {
	r.mu.Lock()
	defer r.mu.Unlock()
	res := r.results[i]
	o := r.outs[i]
	res.OutBytes, res.Truncated = o.total, o.dropped
	res.FirstLine = o.firstLine()
	return res
}

func (r *Run) snapshot(i int) Result {
	res := r.results[i]
	o := r.outs[i]
	res.Stdout = append([]byte(nil), o.stdout...)
	res.Stderr = append([]byte(nil), o.stderr...)
	res.OutBytes, res.Truncated = o.total, o.dropped
	res.FirstLine = o.firstLine()
	return res
}

func (r *Run) poke() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// loop hands the targets to MaxParallel workers in order.
func (r *Run) loop() {
	defer close(r.done)
	defer r.poke()
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(r.opts.MaxParallel, max(len(r.targets), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				r.runOne(i)
			}
		}()
	}
	for i := range r.targets {
		if r.ctx.Err() != nil {
			r.finish(i, Result{State: Cancelled, Err: context.Canceled})
			continue
		}
		select {
		case next <- i:
		case <-r.ctx.Done():
			r.finish(i, Result{State: Cancelled, Err: context.Canceled})
		}
	}
	close(next)
	wg.Wait()
}

// finish records pod i's end (state, code, error, end time) and reports it.
func (r *Run) finish(i int, end Result) {
	r.mu.Lock()
	res := &r.results[i]
	res.State, res.ExitCode, res.Err, res.Attempts = end.State, end.ExitCode, end.Err, max(end.Attempts, res.Attempts)
	res.End = r.opts.now()
	if res.Start.IsZero() {
		res.Start = res.End
	}
	snap := r.snapshot(i)
	r.mu.Unlock()
	r.poke()
	if r.opts.OnDone != nil {
		r.opts.OnDone(i, snap)
	}
}

// runOne runs the command on pod i: start (retrying a 429 or a refused dial), send stdin, read
// both outputs to their end, and take the exit status.
func (r *Run) runOne(i int) {
	t := r.targets[i]
	ctx := r.ctx
	var cancel context.CancelFunc = func() {}
	if r.opts.Timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, r.opts.Timeout)
	}
	defer cancel()
	r.mu.Lock()
	r.results[i].State = Running
	r.results[i].Start = r.opts.now()
	r.mu.Unlock()
	r.poke()

	o := cciapi.ExecOptions{Namespace: t.Namespace, Pod: t.Pod, Container: t.Container, Command: r.command,
		Stdin: r.opts.Stdin != nil, Stdout: true, Stderr: true}
	s, attempts, err := r.start(ctx, o)
	if err != nil {
		r.finish(i, r.classify(ctx, -1, err, attempts))
		return
	}
	defer s.Close()

	var sinkOut, sinkErr io.Writer
	if r.opts.Sink != nil {
		sinkOut, sinkErr = r.opts.Sink(i, t)
	}
	var tee Tee
	if r.opts.Tee != nil {
		tee = r.opts.Tee(i, t)
	}
	if r.opts.Stdin != nil {
		go func() {
			w := s.Stdin()
			_, _ = w.Write(r.opts.Stdin)
			_ = w.Close()
		}()
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); r.read(i, Stdout, s.Stdout(), sinkOut, tee) }()
	go func() { defer wg.Done(); r.read(i, Stderr, s.Stderr(), sinkErr, tee) }()
	wg.Wait()
	code, werr := s.Wait()
	if tee != nil {
		_ = tee.Close()
	}
	r.finish(i, r.classify(ctx, code, werr, attempts))
}

// classify turns a stream's end into a Result's state.
func (r *Run) classify(ctx context.Context, code int, err error, attempts int) Result {
	res := Result{ExitCode: code, Attempts: attempts}
	var ee *cciapi.ExecError
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded) && r.ctx.Err() == nil:
		res.State, res.Err, res.ExitCode = TimedOut, errTimedOut{r.opts.Timeout}, -1
	case r.ctx.Err() != nil:
		res.State, res.Err, res.ExitCode = Cancelled, context.Canceled, -1
	case err == nil:
		res.State = Exited
	case errors.As(err, &ee) && ee.ExitCode > 0:
		// The server ran nothing but says how (127: command not found): an exit code, as a
		// shell gives one.
		res.State, res.ExitCode, res.Err = Exited, ee.ExitCode, err
	default:
		res.State, res.Err, res.ExitCode = Failed, err, -1
	}
	return res
}

type errTimedOut struct{ d time.Duration }

func (e errTimedOut) Error() string { return "timed out after " + e.d.String() }

// read copies one output of pod i into its bounded buffer, the sink and the tee, and hands out
// whole lines.
func (r *Run) read(i int, which Stream, src io.Reader, sink io.Writer, tee Tee) {
	buf := make([]byte, 32<<10)
	var line []byte
	const maxLine = 64 << 10
	emit := func(l []byte) {
		if r.opts.OnLine != nil {
			r.opts.OnLine(i, which, l)
		}
	}
	for {
		n, err := src.Read(buf)
		if n > 0 {
			p := buf[:n]
			if sink != nil {
				_, _ = sink.Write(p)
			}
			r.mu.Lock()
			r.outs[i].add(which, p)
			if tee != nil {
				tee.Output(p)
			}
			r.mu.Unlock()
			r.poke()
			if r.opts.OnLine != nil {
				for len(p) > 0 {
					j := indexNL(p)
					if j < 0 {
						line = append(line, p...)
						if len(line) >= maxLine {
							emit(line)
							line = line[:0]
						}
						break
					}
					if len(line) > 0 {
						line = append(line, p[:j]...)
						emit(line)
						line = line[:0]
					} else {
						emit(p[:j])
					}
					p = p[j+1:]
				}
			}
		}
		if err != nil {
			break
		}
	}
	if len(line) > 0 {
		emit(line)
	}
}

func indexNL(p []byte) int {
	for j, c := range p {
		if c == '\n' {
			return j
		}
	}
	return -1
}
