package cli

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/podmux/podmux/config"
	"github.com/podmux/podmux/fanout"
)

// runPrinter writes a fan-out's output. Every write goes through mu so lines never interleave,
// and the progress line (stderr on a terminal) is erased before and redrawn after them.
type runPrinter struct {
	out, errw io.Writer
	mode      string
	names     []string
	width     int  // of the widest name, for prefix alignment
	color     bool // stdout is a terminal and NO_COLOR is unset
	tty       bool // stderr is a terminal: show progress

	mu       sync.Mutex
	progLine string // the progress line currently shown ("" none)
}

func newRunPrinter(stdout, stderr *os.File, mode string, names []string) *runPrinter {
	p := &runPrinter{out: stdout, errw: stderr, mode: mode, names: names}
	for _, n := range names {
		p.width = max(p.width, utf8.RuneCountInString(n))
	}
	p.color = term.IsTerminal(int(stdout.Fd())) && os.Getenv("NO_COLOR") == ""
	p.tty = term.IsTerminal(int(stderr.Fd())) && os.Getenv("CI") == ""
	return p
}

// podColors are 256-colour indexes that read well on dark and light backgrounds.
var podColors = []int{33, 37, 71, 107, 133, 139, 166, 172, 178, 67, 103, 169, 31, 65, 130, 96}

// colorOf picks a pod's stable colour from its name.
func colorOf(name string) int {
	h := fnv.New32a()
	h.Write([]byte(name))
	return podColors[h.Sum32()%uint32(len(podColors))]
}

// line prints one line of pod i: "pod │ line" for stdout, "pod E│ line" for stderr.
func (p *runPrinter) line(i int, s fanout.Stream, line []byte) {
	name := p.names[i]
	padding := strings.Repeat(" ", p.width-utf8.RuneCountInString(name))
	bar := "  │ "
	if s == fanout.Stderr {
		bar = " E│ "
	}
	var b strings.Builder
	if p.color {
		fmt.Fprintf(&b, "\x1b[38;5;%dm%s\x1b[0m%s", colorOf(name), name, padding)
		if s == fanout.Stderr {
			fmt.Fprintf(&b, "\x1b[31m%s\x1b[0m", bar)
		} else {
			fmt.Fprintf(&b, "\x1b[2m%s\x1b[0m", bar)
		}
	} else {
		b.WriteString(name + padding + bar)
	}
	b.Write(line)
	b.WriteByte('\n')
	p.write(p.out, b.String())
}

// status prints, in prefix mode, how a pod that did not exit 0 ended.
func (p *runPrinter) status(i int, r fanout.Result) {
	if r.OK() && r.Truncated == 0 {
		return
	}
	var parts []string
	if r.Truncated > 0 {
		parts = append(parts, fanout.TruncationMarker(r.Truncated))
	}
	if !r.OK() {
		parts = append(parts, "["+fanout.ExitText(r)+"]")
	}
	for _, s := range parts {
		p.line(i, fanout.Stderr, []byte(s))
	}
}

// write prints s to w, erasing and redrawing the progress line around it.
func (p *runPrinter) write(w io.Writer, s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.progLine != "" {
		_, _ = io.WriteString(p.errw, "\r\x1b[K")
	}
	_, _ = io.WriteString(w, s)
	if p.progLine != "" {
		_, _ = io.WriteString(p.errw, p.progLine)
	}
}

// progress shows "done/total: running, queued, failed" on stderr when it is a terminal, every
// 100 ms until the returned stop is called (which erases it).
func (p *runPrinter) progress(run *fanout.Run) (stop func()) {
	if !p.tty {
		return func() {}
	}
	quit := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			pr := run.Progress()
			line := fmt.Sprintf("podmux run: %d/%d done · %d running · %d queued · %d failed", pr.Done(), pr.Total,
				pr.Running, pr.Queued, pr.NonZero+pr.Failed+pr.TimedOut)
			p.mu.Lock()
			p.progLine = line
			_, _ = io.WriteString(p.errw, "\r\x1b[K"+line)
			p.mu.Unlock()
			select {
			case <-quit:
				return
			case <-t.C:
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			close(quit)
			<-finished
			p.mu.Lock()
			p.progLine = ""
			_, _ = io.WriteString(p.errw, "\r\x1b[K")
			p.mu.Unlock()
		})
	}
}

// groups prints each distinct answer once, headed by its folded pod names, most pods first;
// with diff, every group after the first is a unified diff against the first.
func (p *runPrinter) groups(rs []fanout.Result, diff bool) {
	gs := fanout.Groups(rs, func(r fanout.Result) string { return p.nameOf(rs, r) })
	var b strings.Builder
	for k, g := range gs {
		head := fmt.Sprintf("%s (%d)", g.Folded(), len(g.Pods))
		if diff && k > 0 {
			head += " — diff against " + gs[0].Folded()
		}
		rule := strings.Repeat("-", min(max(utf8.RuneCountInString(head), 15), 100))
		if p.color {
			head = "\x1b[1m" + head + "\x1b[0m"
		}
		b.WriteString(rule + "\n" + head + "\n" + rule + "\n")
		if diff && k > 0 {
			d := fanout.Diff(gs[0], g)
			if p.color {
				d = colorDiff(d)
			}
			b.WriteString(d)
			continue
		}
		b.WriteString(fanout.Answer(g.Answer))
	}
	p.write(p.out, b.String())
}

func (p *runPrinter) nameOf(rs []fanout.Result, r fanout.Result) string {
	for i := range rs {
		if rs[i].Target == r.Target {
			return p.names[i]
		}
	}
	return r.Pod
}

func colorDiff(d string) string {
	lines := strings.SplitAfter(d, "\n")
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, "+++"), strings.HasPrefix(l, "---"):
			lines[i] = "\x1b[1m" + strings.TrimSuffix(l, "\n") + "\x1b[0m\n"
		case strings.HasPrefix(l, "+"):
			lines[i] = "\x1b[32m" + strings.TrimSuffix(l, "\n") + "\x1b[0m\n"
		case strings.HasPrefix(l, "-"):
			lines[i] = "\x1b[31m" + strings.TrimSuffix(l, "\n") + "\x1b[0m\n"
		case strings.HasPrefix(l, "@@"):
			lines[i] = "\x1b[36m" + strings.TrimSuffix(l, "\n") + "\x1b[0m\n"
		}
	}
	return strings.Join(lines, "")
}

// json prints one pod's result as a JSON line.
func (p *runPrinter) json(r fanout.Result) {
	b, err := json.Marshal(fanout.NewRecord(r))
	if err != nil {
		return
	}
	p.write(p.out, string(b)+"\n")
}

// loadConfigQuiet reads the config file without printing its warnings.
func loadConfigQuiet() (*config.Config, error) {
	return config.Load(config.DefaultConfigFile())
}
