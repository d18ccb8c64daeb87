package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/term"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/fanout"
	"github.com/podmux/podmux/session/record"
)

// RunCmd runs one command on many pods (fan-out):
//
//	podmux run -n NS (-l SELECTOR | POD…) [-A] [-c C] [--max-parallel N] [--timeout D] [-i]
//	           [-o prefix|group|json] [--diff] [--outdir DIR] -- CMD…
//
// Exit status: 0 when every pod exited 0; 255 when a transport error kept the command from
// running on some pod; 130 after ctrl+c; else 1.
type RunCmd struct {
	Namespace     string        `short:"n" help:"Namespace of the pods."`
	Selector      string        `short:"l" placeholder:"SELECTOR" help:"Label selector, e.g. app=web (only running pods are used)."`
	AllNamespaces bool          `short:"A" name:"all-namespaces" help:"With -l: the pods of every namespace."`
	Container     string        `short:"c" help:"Container (default: each pod's default-container annotation, else its first container)."`
	MaxParallel   int           `name:"max-parallel" default:"16" help:"Pods running the command at once."`
	Timeout       time.Duration `help:"Bound each pod's run (e.g. 30s); default none."`
	Stdin         bool          `short:"i" help:"Send stdin (read once, up to 64 MiB) to every pod."`
	Output        string        `short:"o" enum:",prefix,group,json" default:"" placeholder:"prefix|group|json" help:"prefix: lines as they come, 'pod │ line' (default on a terminal); group: each distinct output once, headed by its pods (default otherwise); json: one object per pod."`
	Diff          bool          `help:"Print each minority answer as a unified diff against the majority's (group output)."`
	Outdir        string        `placeholder:"DIR" type:"path" help:"Also write each pod's stdout, stderr and exit code to DIR/NS/POD.{out,err,rc}."`
	Args          []string      `arg:"" optional:"" passthrough:"" name:"pods-and-command" help:"Pod names (instead of -l), then -- and the command."`
}

// Run runs the fan-out and returns its exit status as an ExitError.
func (r *RunCmd) Run(g *Globals) error {
	code, err := r.run(g, os.Stdin, os.Stdout, os.Stderr)
	return commandExit(code, err)
}

// split separates pod names from the command after "--".
func (r *RunCmd) split() (pods, cmd []string) {
	for i, a := range r.Args {
		if a == "--" {
			return r.Args[:i], r.Args[i+1:]
		}
	}
	return nil, r.Args
}

func (r *RunCmd) run(g *Globals, stdin *os.File, stdout, stderr *os.File) (int, error) {
	pods, cmd := r.split()
	for _, p := range pods {
		if strings.HasPrefix(p, "-") {
			return exitTransport, fmt.Errorf("flag %s after a pod name: put every flag before the pod names (podmux run -n NS %s … POD… -- CMD)", p, p)
		}
	}
	switch {
	case len(cmd) == 0:
		return exitTransport, errors.New("no command given: put it after --, e.g. podmux run -n NS -l app=web -- cat /etc/hostname")
	case r.Selector == "" && len(pods) == 0:
		return exitTransport, errors.New("no pods named: give -l SELECTOR or pod names before --")
	case r.Selector != "" && len(pods) > 0:
		return exitTransport, errors.New("give either -l SELECTOR or pod names, not both")
	case r.Namespace == "" && !r.AllNamespaces:
		return exitTransport, errors.New("no namespace: give -n NAMESPACE (or -A with -l)")
	case r.AllNamespaces && len(pods) > 0:
		return exitTransport, errors.New("-A goes with -l SELECTOR, not with pod names")
	case r.MaxParallel < 1:
		return exitTransport, fmt.Errorf("--max-parallel %d: give at least 1", r.MaxParallel)
	case r.Timeout < 0:
		return exitTransport, fmt.Errorf("--timeout %s: give a positive duration", r.Timeout)
	}
	mode := r.Output
	if mode == "" {
		mode = "group"
		if r.Diff {
			mode = "group"
		} else if term.IsTerminal(int(stdout.Fd())) {
			mode = "prefix"
		}
	}
	if r.Diff && mode != "group" {
		return exitTransport, fmt.Errorf("--diff goes with -o group, not -o %s", mode)
	}
	var input []byte
	if r.Stdin {
		b, err := io.ReadAll(io.LimitReader(stdin, fanout.MaxStdin+1))
		if err != nil {
			return exitTransport, fmt.Errorf("reading stdin: %v", err)
		}
		if len(b) > fanout.MaxStdin {
			return exitTransport, fmt.Errorf("stdin is larger than %d MiB: -i buffers it once for every pod", fanout.MaxStdin>>20)
		}
		input = b
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	client, closeServer, err := execClient(ctx, g, stderr)
	if err != nil {
		return exitTransport, err
	}
	defer closeServer()
	targets, skipped, err := resolveTargets(ctx, client, r.Namespace, r.AllNamespaces, r.Selector, pods, r.Container)
	if err != nil {
		return exitTransport, err
	}
	if len(skipped) > 0 {
		fmt.Fprintf(stderr, "podmux: skipping %d pod(s) that are not running: %s\n", len(skipped), fanout.Fold(skipped))
	}
	if len(targets) == 0 {
		return exitTransport, fmt.Errorf("no running pod matches %q", r.Selector)
	}

	names := displayNames(targets, r.Container != "")
	out := newRunPrinter(stdout, stderr, mode, names)
	opts := fanout.Options{MaxParallel: r.MaxParallel, Timeout: r.Timeout, Stdin: input}
	if mode == "prefix" {
		opts.OnLine = out.line
	}
	var files *outdir
	if r.Outdir != "" {
		files = &outdir{root: r.Outdir}
		opts.Sink = files.sink
	}
	if rec := runRecorder(g, cmd, len(targets)); rec != nil {
		opts.Tee = rec
	}
	var jsonMu sync.Mutex
	opts.OnDone = func(i int, res fanout.Result) {
		if files != nil {
			files.done(i, res, stderr)
		}
		switch mode {
		case "json":
			jsonMu.Lock()
			out.json(res)
			jsonMu.Unlock()
		case "prefix":
			out.status(i, res)
		}
	}

	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	interrupted := false
	run := fanout.Start(ctx, client, targets, cmd, opts)
	stopProgress := out.progress(run)
	var results []fanout.Result
wait:
	for {
		select {
		case <-run.Done():
			results = run.Results()
			break wait
		case <-sigs:
			if interrupted {
				stopProgress()
				fmt.Fprintln(stderr, "podmux: interrupted twice: leaving now")
				return 130, nil
			}
			interrupted = true
			run.Cancel()
		}
	}
	stopProgress()
	if mode == "group" {
		out.groups(results, r.Diff)
	}
	fmt.Fprintln(stderr, summary(results, names))
	if files != nil && files.err != nil {
		fmt.Fprintf(stderr, "podmux: --outdir: %v\n", files.err)
	}
	if interrupted {
		return 130, nil
	}
	return exitStatus(results), nil
}

// exitStatus is 0 when every pod exited 0, 255 when some pod's command could not run (a
// transport or server error), else 1.
func exitStatus(rs []fanout.Result) int {
	code := 0
	for _, r := range rs {
		switch {
		case r.State == fanout.Failed:
			return exitTransport
		case !r.OK():
			code = 1
		}
	}
	return code
}

// summary is the one line printed at the end: "18 ok, 1 failed (web-3: exit 2), 1 error
// (web-7: container not found), 0 timed out" (", N cancelled" when some were).
func summary(rs []fanout.Result, names []string) string {
	var ok int
	var failed, errs, timedOut, cancelled []string
	for i, r := range rs {
		switch {
		case r.OK():
			ok++
		case r.State == fanout.Exited:
			failed = append(failed, fmt.Sprintf("%s: exit %d", names[i], r.ExitCode))
		case r.State == fanout.Failed:
			errs = append(errs, names[i]+": "+fanout.Reason(r.Err))
		case r.State == fanout.TimedOut:
			timedOut = append(timedOut, names[i])
		case r.State == fanout.Cancelled:
			cancelled = append(cancelled, names[i])
		}
	}
	list := func(n int, word string, items []string) string {
		s := fmt.Sprintf("%d %s", n, word)
		if len(items) == 0 {
			return s
		}
		shown := items[:min(len(items), 3)]
		s += " (" + strings.Join(shown, ", ")
		if len(items) > len(shown) {
			s += fmt.Sprintf(", and %d more", len(items)-len(shown))
		}
		return s + ")"
	}
	parts := []string{fmt.Sprintf("%d ok", ok), list(len(failed), "failed", failed), list(len(errs), errWord(len(errs)), errs)}
	to := fmt.Sprintf("%d timed out", len(timedOut))
	if len(timedOut) > 0 {
		to += " (" + fanout.Fold(timedOut) + ")"
	}
	parts = append(parts, to)
	if len(cancelled) > 0 {
		parts = append(parts, fmt.Sprintf("%d cancelled", len(cancelled)))
	}
	return strings.Join(parts, ", ")
}

func errWord(n int) string {
	if n == 1 {
		return "error"
	}
	return "errors"
}

// displayNames names each target as output shows it: pod, with namespace/ in front when the run
// spans namespaces, and /container behind when -c was given.
func displayNames(ts []fanout.Target, showContainer bool) []string {
	multiNS := false
	for _, t := range ts {
		if t.Namespace != ts[0].Namespace {
			multiNS = true
		}
	}
	out := make([]string, len(ts))
	for i, t := range ts {
		n := t.Pod
		if multiNS {
			n = t.Namespace + "/" + n
		}
		if showContainer {
			n += "/" + t.Container
		}
		out[i] = n
	}
	return out
}

// resolveTargets lists the pods to run on: the named ones (each is used whatever its phase), or
// the running pods matching the selector in ns (or every namespace). Without container, each
// pod's default container is used (annotation, else the first).
func resolveTargets(ctx context.Context, c *cciapi.Client, ns string, all bool, selector string, names []string, container string) ([]fanout.Target, []string, error) {
	var pods []cciapi.Pod
	var skipped []string
	if len(names) > 0 {
		for _, n := range names {
			p, err := c.GetPod(ctx, ns, n)
			if err != nil {
				return nil, nil, err
			}
			pods = append(pods, *p)
		}
	} else {
		nss := []string{ns}
		if all {
			list, err := c.ListNamespaces(ctx)
			if err != nil {
				return nil, nil, err
			}
			nss = nss[:0]
			for _, n := range list {
				nss = append(nss, n.Metadata.Name)
			}
		}
		for _, n := range nss {
			ps, err := listSelected(ctx, c, n, selector)
			if err != nil {
				return nil, nil, err
			}
			for _, p := range ps {
				if p.Status.Phase != "Running" {
					skipped = append(skipped, p.Metadata.Name)
					continue
				}
				pods = append(pods, p)
			}
		}
	}
	ts := make([]fanout.Target, 0, len(pods))
	for _, p := range pods {
		t := fanout.Target{Namespace: p.Metadata.Namespace, Pod: p.Metadata.Name, Container: container}
		if t.Namespace == "" {
			t.Namespace = ns
		}
		if t.Container == "" {
			t.Container = DefaultContainerOf(&p)
		}
		ts = append(ts, t)
	}
	return ts, skipped, nil
}

// DefaultContainerOf is the container kubectl picks without -c: the
// kubectl.kubernetes.io/default-container annotation when it names a container, else the first.
func DefaultContainerOf(p *cciapi.Pod) string {
	if c := cciapi.DefaultContainer(p); c != "" {
		return c
	}
	if names := cciapi.ContainerNames(p); len(names) > 0 {
		return names[0]
	}
	return ""
}

// listSelected lists every pod of ns matching selector, page by page.
func listSelected(ctx context.Context, c *cciapi.Client, ns, selector string) ([]cciapi.Pod, error) {
	opts := cciapi.ListOptions{Limit: 500, LabelSelector: selector}
	var out []cciapi.Pod
	for range 10000 {
		l, err := c.ListPods(ctx, ns, opts)
		if err != nil {
			return nil, err
		}
		out = append(out, l.Items...)
		if l.Metadata.Continue == "" || l.Metadata.Continue == opts.Continue {
			break
		}
		opts.Continue = l.Metadata.Continue
	}
	return out, nil
}

// outdir writes each pod's output to DIR/NS/POD.{out,err,rc}, as pssh does.
type outdir struct {
	root  string
	mu    sync.Mutex
	files map[int][2]*os.File
	err   error
}

func (o *outdir) path(t fanout.Target, ext string) string {
	return filepath.Join(o.root, t.Namespace, t.Pod+ext)
}

func (o *outdir) sink(i int, t fanout.Target) (io.Writer, io.Writer) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.files == nil {
		o.files = map[int][2]*os.File{}
	}
	var fs [2]*os.File
	if err := os.MkdirAll(filepath.Join(o.root, t.Namespace), 0o755); err != nil {
		o.err = cmpErr(o.err, err)
		return nil, nil
	}
	for k, ext := range []string{".out", ".err"} {
		f, err := os.Create(o.path(t, ext))
		if err != nil {
			o.err = cmpErr(o.err, err)
			continue
		}
		fs[k] = f
	}
	o.files[i] = fs
	var w [2]io.Writer
	for k := range fs {
		if fs[k] != nil {
			w[k] = fs[k]
		}
	}
	return w[0], w[1]
}

// done closes pod i's files and writes its exit code (255 and the reason into .err when the
// command could not run).
func (o *outdir) done(i int, r fanout.Result, warn io.Writer) {
	o.mu.Lock()
	defer o.mu.Unlock()
	fs, opened := o.files[i]
	delete(o.files, i)
	if !opened {
		// The command never started: still leave all three files.
		_ = os.MkdirAll(filepath.Join(o.root, r.Namespace), 0o755)
		_ = os.WriteFile(o.path(r.Target, ".out"), nil, 0o644)
		_ = os.WriteFile(o.path(r.Target, ".err"), []byte(fanout.ExitText(r)+"\n"), 0o644)
	}
	for _, f := range fs {
		if f != nil {
			if err := f.Close(); err != nil {
				o.err = cmpErr(o.err, err)
			}
		}
	}
	rc := r.ExitCode
	if r.State != fanout.Exited {
		rc = exitTransport
	}
	if err := os.WriteFile(o.path(r.Target, ".rc"), fmt.Appendf(nil, "%d\n", rc), 0o644); err != nil {
		o.err = cmpErr(o.err, err)
	}
}

func cmpErr(old, e error) error {
	if old != nil {
		return old
	}
	return e
}

// runRecorder returns the Tee factory recording each pod's output as an asciicast under the
// recordings directory (listed in history under the run's title), or nil with --no-record.
func runRecorder(g *Globals, cmd []string, n int) func(int, fanout.Target) fanout.Tee {
	if g.NoRecord {
		return nil
	}
	if cfg, err := loadConfigQuiet(); err == nil && !cfg.Recording.Enabled {
		return nil
	}
	root := RecordingsDir()
	start := time.Now()
	title := RunTitle(start, cmd, n)
	return func(i int, t fanout.Target) fanout.Tee {
		rec, err := record.CreateUnique(record.Path(root, t.Namespace, t.Pod, t.Container, start), record.Header{
			Version: 2, Width: 120, Height: 40, Timestamp: start.Unix(), Title: title,
			Env: map[string]string{"TERM": "xterm-256color", "SHELL": cmd[0]},
		})
		if err != nil {
			return nil
		}
		return &crlfTee{rec: rec}
	}
}

// RunTitle is the title of every recording of one fan-out run: "run <UTC time> (N pods): CMD".
// History lists recordings with such a title under their run.
func RunTitle(start time.Time, cmd []string, n int) string {
	return fmt.Sprintf("run %s (%d pods): %s", start.UTC().Format(record.TimeLayout), n, strings.Join(cmd, " "))
}

// crlfTee records output without a tty: each "\n" is written as "\r\n", as a terminal's line
// discipline would have shown it.
type crlfTee struct {
	rec  *record.Recorder
	last byte
	buf  []byte
}

func (c *crlfTee) Output(p []byte) {
	c.buf = c.buf[:0]
	for _, b := range p {
		if b == '\n' && c.last != '\r' {
			c.buf = append(c.buf, '\r')
		}
		c.buf = append(c.buf, b)
		c.last = b
	}
	c.rec.Output(c.buf)
}

func (c *crlfTee) Close() error { return c.rec.Close() }
