package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/term"

	"github.com/podmux/podmux/cciapi"
)

// LogsCmd prints a container's log, like kubectl logs, or merges the logs of every pod matching
// a label selector, like stern:
//
//	podmux logs -n NS POD [-c C | --all-containers] [-f] [--tail N] [--since 5m] [--previous] [--timestamps] [--prefix]
//	podmux logs -n NS -l SELECTOR [-f] [--max-pods N] [-i RE] [-e RE] [-H RE] [-o default|raw|json]
//
// Output to a pipe is the log untouched (colour only on a terminal, or with --color always).
// A refused request (no such pod or container) is one line "podmux: …" naming both, exit 1;
// an interrupt ends a followed log with exit 130.
type LogsCmd struct {
	Namespace      string        `short:"n" help:"Namespace of the pod(s)."`
	AllNamespaces  bool          `name:"all-namespaces" short:"A" help:"With -l: pods of every namespace (GET /apis/cci/v2/pods)."`
	Container      string        `short:"c" help:"Container name (default: the pod's default container). With -l: a regular expression of container names."`
	AllContainers  bool          `name:"all-containers" help:"Every container of the pod."`
	Follow         bool          `short:"f" help:"Keep streaming new lines (until interrupted)."`
	Tail           int64         `default:"-1" help:"Lines of recent log to show (-1: all)."`
	Since          time.Duration `help:"Only lines newer than this, e.g. 5s, 2m, 3h."`
	Previous       bool          `short:"p" help:"The previous run's log (of a restarted or crashlooping container)."`
	Timestamps     bool          `short:"t" help:"Start each line with its timestamp."`
	Prefix         bool          `help:"Start each line with [pod/NAME/CONTAINER] (with -l lines always carry pod/container)."`
	Selector       string        `short:"l" placeholder:"SELECTOR" help:"Label selector (e.g. app=web): merge the logs of every matching pod, line by line."`
	MaxPods        int           `name:"max-pods" placeholder:"N" help:"With -l: follow at most N pods (0: no limit)."`
	MaxLogRequests int           `name:"max-log-requests" default:"50" placeholder:"N" help:"Most log streams open at once."`
	Include        []string      `short:"i" placeholder:"REGEX" help:"Only lines matching a regular expression (repeatable: any)."`
	Exclude        []string      `short:"e" placeholder:"REGEX" help:"Drop lines matching a regular expression (repeatable)."`
	Highlight      []string      `short:"H" placeholder:"REGEX" help:"Highlight matches (on a colour output)."`
	Output         string        `short:"o" default:"default" enum:"default,raw,json" help:"default, raw (the message only) or json (namespace, pod, container, timestamp, message)."`
	Color          string        `default:"auto" enum:"auto,always,never" help:"Colour the prefixes: auto (on a terminal), always or never."`
	Pod            string        `arg:"" optional:"" help:"Pod name (or give -l)."`
}

// Run prints the log(s); see LogsCmd.
func (l *LogsCmd) Run(g *Globals) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	code, err := l.run(ctx, g, os.Stdout, os.Stderr, term.IsTerminal(int(os.Stdout.Fd())))
	return commandExit(code, err)
}

// check validates the flags together.
func (l *LogsCmd) check() error {
	switch {
	case l.Pod == "" && l.Selector == "":
		return errors.New("logs: name a pod, or select pods with -l, e.g. podmux logs -n NS POD or podmux logs -n NS -l app=web")
	case l.Pod != "" && l.Selector != "":
		return errors.New("logs: give a pod name or -l SELECTOR, not both")
	case l.Namespace == "" && !(l.AllNamespaces && l.Selector != ""):
		return errors.New("logs: give the namespace with -n NAMESPACE (or -A with -l for every namespace)")
	case l.AllNamespaces && l.Pod != "":
		return errors.New("logs: -A works with -l only; give a pod's namespace with -n")
	case l.AllContainers && l.Container != "":
		return errors.New("logs: give -c CONTAINER or --all-containers, not both")
	case l.Tail < -1:
		return fmt.Errorf("logs: --tail %d: give -1 (all) or a number of lines", l.Tail)
	case l.Since < 0:
		return fmt.Errorf("logs: --since %v: give a positive duration, e.g. 5m", l.Since)
	case l.MaxLogRequests < 1:
		return fmt.Errorf("logs: --max-log-requests %d: give at least 1", l.MaxLogRequests)
	case l.MaxPods < 0:
		return fmt.Errorf("logs: --max-pods %d: give 0 (no limit) or more", l.MaxPods)
	}
	if l.Selector != "" && l.Container != "" {
		if _, err := regexp.Compile(l.Container); err != nil {
			return fmt.Errorf("logs: -c %q is not a regular expression: %v", l.Container, err)
		}
	}
	return nil
}

// printer builds the output formatter from the flags.
func (l *LogsCmd) printer(stdout io.Writer, tty bool) (*logPrinter, error) {
	p := newLogPrinter(stdout, l.Follow || tty)
	p.format, p.timestamps = l.Output, l.Timestamps
	p.color = l.Color == "always" || (l.Color == "auto" && tty)
	switch {
	case l.Selector != "":
		p.prefix, p.namespaced = prefixStern, l.AllNamespaces
	case l.Prefix:
		p.prefix = prefixKubectl
	}
	var err error
	if p.include, err = compileRegexps("--include", l.Include); err != nil {
		return nil, err
	}
	if p.exclude, err = compileRegexps("--exclude", l.Exclude); err != nil {
		return nil, err
	}
	if p.highlight, err = compileRegexps("--highlight", l.Highlight); err != nil {
		return nil, err
	}
	return p, nil
}

// run does the work and returns the exit code with the error to print (if any).
func (l *LogsCmd) run(ctx context.Context, g *Globals, stdout, stderr io.Writer, tty bool) (int, error) {
	if err := l.check(); err != nil {
		return 1, err
	}
	p, err := l.printer(stdout, tty)
	if err != nil {
		return 1, fmt.Errorf("logs: %w", err)
	}
	defer p.Flush()
	client, closeServer, err := execClient(ctx, g, stderr)
	if err != nil {
		return 1, err
	}
	defer closeServer()
	if l.Selector != "" {
		err = l.runSelector(ctx, client, p, stderr)
	} else {
		err = l.runPod(ctx, client, p, stderr)
	}
	if ctx.Err() != nil && (err == nil || errors.Is(err, context.Canceled)) {
		return 130, nil // interrupted: the normal way to end a followed log
	}
	if err != nil {
		return 1, err
	}
	return 0, nil
}

// logOptions is the request for one container from the flags; joined is false for the streams
// open at start (--tail applies to them, and to pods that join later, as stern does).
func (l *LogsCmd) logOptions(container string) cciapi.LogOptions {
	o := cciapi.LogOptions{Container: container, Follow: l.Follow, Previous: l.Previous}
	if l.Tail >= 0 {
		o.TailLines = cciapi.Int64(l.Tail)
	}
	if l.Since > 0 {
		o.SinceSeconds = cciapi.Int64(int64(math.Ceil(l.Since.Seconds())))
	}
	return o
}

// runPod prints one pod's log: one container, or with --all-containers each of them (one after
// the other; at once when following).
func (l *LogsCmd) runPod(ctx context.Context, c *cciapi.Client, p *logPrinter, stderr io.Writer) error {
	pod, err := c.GetPod(ctx, l.Namespace, l.Pod)
	if err != nil {
		return fmt.Errorf("logs of pod %s/%s: %w", l.Namespace, l.Pod, err)
	}
	names := cciapi.ContainerNames(pod)
	var containers []string
	switch {
	case l.AllContainers:
		containers = names
	case l.Container != "":
		containers = []string{l.Container}
	case len(names) == 1:
		containers = names
	case cciapi.DefaultContainer(pod) != "":
		containers = []string{cciapi.DefaultContainer(pod)}
	case len(names) > 1:
		// As kubectl: the first container, and a note saying so.
		containers = names[:1]
		fmt.Fprintf(stderr, "Defaulted container %q out of: %s\n", names[0], strings.Join(names, ", "))
	default:
		return fmt.Errorf("logs of pod %s/%s: the pod has no containers", l.Namespace, l.Pod)
	}
	if !l.Follow || len(containers) == 1 {
		for _, cn := range containers {
			if err := l.stream(ctx, c, p, stderr, logSource{l.Namespace, l.Pod, cn}); err != nil {
				return err
			}
		}
		return nil
	}
	var wg sync.WaitGroup
	errs := make([]error, len(containers))
	for i, cn := range containers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = l.stream(ctx, c, p, stderr, logSource{l.Namespace, l.Pod, cn})
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// stream prints one container's log through a LogFollower (which resumes a dropped stream with
// no line lost or repeated; its gap markers go to stderr). A container that stopped while
// followed ends the stream without an error, as kubectl's does.
func (l *LogsCmd) stream(ctx context.Context, c *cciapi.Client, p *logPrinter, stderr io.Writer, src logSource) error {
	f := &cciapi.LogFollower{Client: c, Namespace: src.Namespace, Pod: src.Pod, Options: l.logOptions(src.Container)}
	err := f.Run(ctx, func(line cciapi.LogLine) error {
		if line.Gap {
			fmt.Fprintf(stderr, "podmux: %s/%s: %s\n", src.Pod, src.Container, line.Text)
			return nil
		}
		return p.print(src, line)
	})
	switch {
	case err == nil, errors.Is(err, cciapi.ErrLogEnded):
		return nil
	case ctx.Err() != nil:
		return ctx.Err()
	}
	return fmt.Errorf("logs of pod %s/%s container %s: %w", src.Namespace, src.Pod, src.Container, err)
}
