package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/podmux/podmux/cciapi"
)

// logSource names where a log line came from.
type logSource struct {
	Namespace, Pod, Container string
}

// logPrinter writes log lines from many streams to one output, a whole line at a time, so
// lines of different pods never mix. It applies --include/--exclude, and formats each line as
// -o asks: default (optional prefix and timestamp, colour on a terminal), raw (the message
// only) or json (one object a line). Safe for concurrent use.
type logPrinter struct {
	mu    sync.Mutex
	w     *bufio.Writer
	flush bool // flush after every line (following, or a terminal)

	format     string // default, raw, json
	color      bool
	prefix     int  // prefixNone, prefixStern (pod/container), prefixKubectl ([pod/NAME/CONTAINER])
	namespaced bool // the stern prefix starts with the namespace (every namespace shown)
	timestamps bool

	include, exclude, highlight []*regexp.Regexp

	colors map[string]string // guarded by mu: the colour given to each name this run
	used   map[string]int    // guarded by mu: how many names hold each colour
}

// Prefix styles.
const (
	prefixNone = iota
	prefixStern
	prefixKubectl
)

// compileRegexps compiles the patterns of flag name; a bad one is a one-line error naming it.
func compileRegexps(flag string, pats []string) ([]*regexp.Regexp, error) {
	var out []*regexp.Regexp
	for _, p := range pats {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("%s %q is not a regular expression: %v", flag, p, strings.TrimPrefix(err.Error(), "error parsing regexp: "))
		}
		out = append(out, re)
	}
	return out, nil
}

// logPalette is the colours pods and containers are told apart by (SGR foreground codes).
var logPalette = []string{"32", "33", "34", "35", "36", "92", "93", "94", "95", "96", "31", "91"}

// colorOf returns the colour of a name: its hash picks a palette entry, and while the palette
// lasts a name whose entry is taken moves to the next free one, so pods in view are told apart.
// A name keeps its colour for the whole run. Caller holds mu.
func (p *logPrinter) colorOf(name string) string {
	if c, ok := p.colors[name]; ok {
		return c
	}
	h := fnv.New64a()
	_, _ = h.Write([]byte(name))
	i := int(h.Sum64() % uint64(len(logPalette)))
	least := i
	for k := range logPalette {
		j := (i + k) % len(logPalette)
		if p.used[logPalette[j]] < p.used[logPalette[least]] {
			least = j
		}
	}
	c := logPalette[least]
	p.colors[name] = c
	p.used[c]++
	return c
}

// keep reports whether a message passes --include (any of them matches, when given) and
// --exclude (none matches).
func (p *logPrinter) keep(msg string) bool {
	if len(p.include) > 0 {
		ok := false
		for _, re := range p.include {
			if re.MatchString(msg) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	for _, re := range p.exclude {
		if re.MatchString(msg) {
			return false
		}
	}
	return true
}

// logJSON is one line of -o json.
type logJSON struct {
	Namespace string `json:"namespace"`
	Pod       string `json:"pod"`
	Container string `json:"container"`
	Timestamp string `json:"timestamp"`
	Message   string `json:"message"`
}

// stamp is how a line's time is printed: RFC 3339 with nanoseconds in UTC, as the server sends it.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// print writes one log line from src (gap markers go to the caller, not here).
func (p *logPrinter) print(src logSource, l cciapi.LogLine) error {
	if !p.keep(l.Text) {
		return nil
	}
	var b strings.Builder
	switch p.format {
	case "json":
		raw, err := json.Marshal(logJSON{Namespace: src.Namespace, Pod: src.Pod, Container: src.Container, Timestamp: stamp(l.Time), Message: l.Text})
		if err != nil {
			return err
		}
		b.Write(raw)
	case "raw":
		b.WriteString(l.Text)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.format != "json" && p.format != "raw" {
		p.writePrefix(&b, src)
		if p.timestamps && !l.Time.IsZero() {
			b.WriteString(stamp(l.Time))
			b.WriteByte(' ')
		}
		b.WriteString(p.highlighted(l.Text))
	}
	b.WriteByte('\n')
	if _, err := p.w.WriteString(b.String()); err != nil {
		return err
	}
	if p.flush {
		return p.w.Flush()
	}
	return nil
}

// writePrefix writes the line's prefix in the printer's style. Caller holds mu.
func (p *logPrinter) writePrefix(b *strings.Builder, src logSource) {
	paint := func(code, s string) string {
		if !p.color {
			return s
		}
		return "\x1b[" + code + "m" + s + "\x1b[0m"
	}
	switch p.prefix {
	case prefixStern:
		if p.namespaced {
			b.WriteString(paint(p.colorOf("ns:"+src.Namespace), src.Namespace) + "/")
		}
		pod := src.Namespace + "/" + src.Pod
		b.WriteString(paint(p.colorOf(pod), src.Pod) + "/" + paint(p.colorOf(pod+"/"+src.Container), src.Container) + " ")
	case prefixKubectl:
		b.WriteString(paint(p.colorOf(src.Namespace+"/"+src.Pod+"/"+src.Container), "[pod/"+src.Pod+"/"+src.Container+"]") + " ")
	}
}

// highlighted marks --highlight matches in bold red, on a colour output only (otherwise the
// message is left untouched).
func (p *logPrinter) highlighted(msg string) string {
	if !p.color || len(p.highlight) == 0 {
		return msg
	}
	for _, re := range p.highlight {
		msg = re.ReplaceAllStringFunc(msg, func(m string) string { return "\x1b[1;31m" + m + "\x1b[0m" })
	}
	return msg
}

// Flush writes out what is buffered.
func (p *logPrinter) Flush() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.w.Flush()
}

// newLogPrinter builds the printer for w.
func newLogPrinter(w io.Writer, flush bool) *logPrinter {
	return &logPrinter{w: bufio.NewWriterSize(w, 64<<10), flush: flush, format: "default",
		colors: map[string]string{}, used: map[string]int{}}
}
