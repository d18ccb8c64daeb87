package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"github.com/podmux/podmux/fanout"
	"github.com/podmux/podmux/ui/styles"
)

// view draws the results view into w×h cells: a summary line, a column header and the rows
// (pods, or distinct answers when grouped). Only the rows on screen are read from the run.
func (rv *resultsView) view(st *styles.Styles, w, h int, now time.Time) []string {
	out := make([]string, 0, h)
	p := rv.run.Progress()
	head := fmt.Sprintf(" run: %s · %d pods · %d done · %d running · %d queued · %d ok · %d failed",
		strings.Join(rv.run.Command(), " "), p.Total, p.Done(), p.Running, p.Queued, p.OK, p.NonZero+p.Failed+p.TimedOut)
	if p.Cancelled > 0 {
		head += fmt.Sprintf(" · %d cancelled", p.Cancelled)
	}
	if rv.grouped && rv.groups != nil {
		head += fmt.Sprintf(" · %d distinct answers", len(rv.groups))
	}
	out = append(out, st.Title.Render(fit(head, w)))
	rows := max(h-2, 1)
	n := rv.rows()
	rv.sel = min(max(rv.sel, 0), max(n-1, 0))
	rv.top = followTop(rv.top, rv.sel, n, rows)

	nameW := 8
	for _, nm := range rv.names {
		nameW = max(nameW, len(nm))
	}
	if rv.grouped && rv.groups != nil {
		nameW = min(max(nameW, w/3), w/2)
		out = append(out, st.Header.Render(fit(fmt.Sprintf(" %-*s %5s  %-14s %s", nameW, "PODS", "COUNT", "EXIT", "OUTPUT (first line)"), w)))
		for i := rv.top; i < min(rv.top+rows, n); i++ {
			g := rv.groups[i]
			line := fmt.Sprintf(" %-*s %5d  %-14s %s", nameW, fitPlain(g.Folded(), nameW), len(g.Pods),
				fitPlain(fanout.ExitText(g.Answer), 14), firstLineOf(g.Answer))
			out = append(out, rv.rowStyle(st, i, g.Answer).Render(fit(line, w)))
		}
	} else {
		nameW = min(nameW, max(w/2, 8))
		out = append(out, st.Header.Render(fit(fmt.Sprintf(" %-*s %-22s %8s %9s  %s", nameW, "POD", "STATE", "TIME", "OUTPUT", "FIRST LINE"), w)))
		for i := rv.top; i < min(rv.top+rows, n); i++ {
			r := rv.run.Status(i)
			size := ""
			if r.State != fanout.Queued {
				size = humanBytes(r.OutBytes)
			}
			dur := ""
			if !r.Start.IsZero() {
				dur = shortDuration(r.Duration(now))
			}
			line := fmt.Sprintf(" %-*s %-22s %8s %9s  %s", nameW, fitPlain(rv.names[i], nameW), fitPlain(r.StateText(), 22), dur, size, r.FirstLine)
			out = append(out, rv.rowStyle(st, i, r).Render(fit(line, w)))
		}
	}
	if n == 0 {
		out = append(out, st.Dim.Render(fit(" no pods", w)))
	}
	return padLines(out, w, h)
}

// rowStyle colours a row by its state; the selected row is highlighted.
func (rv *resultsView) rowStyle(st *styles.Styles, i int, r fanout.Result) lipgloss.Style {
	if i == rv.sel {
		return st.Selected
	}
	switch {
	case r.State == fanout.Exited && r.ExitCode == 0:
		return st.Row
	case r.State == fanout.Running:
		return st.StatusRunning
	case r.State == fanout.Queued:
		return st.Dim
	}
	return st.StatusFailed
}

// firstLineOf is the first line of an answer's output (stdout, else stderr).
func firstLineOf(r fanout.Result) string {
	b := r.Stdout
	if strings.TrimSpace(string(b)) == "" {
		b = r.Stderr
	}
	s := strings.TrimLeft(string(b), "\r\n")
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimRight(s, "\r")
}

// shortDuration is 0.4s, 12.3s, 4m05s.
func shortDuration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%.1fs", d.Seconds())
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
}

// resultsHint is the status bar of a results tab.
func (m *Model) resultsHint() string {
	return " g group · D diff · enter output · s shell · r rerun · R rerun failed · e export · esc cancel · q close · " +
		"ctrl+b prefix"
}
