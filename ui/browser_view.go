package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/ui/styles"
)

// nsColumnWidth is the width of the namespaces list.
const nsColumnWidth = 24

// view draws the browser into exactly h lines of w cells.
func (b *browser) view(st *styles.Styles, w, h int, now time.Time) []string {
	if h <= 0 || w <= 0 {
		return nil
	}
	nsw := min(nsColumnWidth, max(w/3, 10))
	podw := w - nsw - 1
	longest, conts := longestNames(b.pods)
	detailw := 0
	tw := tableWidth(longest, conts)
	if nw := b.namespaceWidth(); nw > 0 {
		tw += nw + 1 // the NAMESPACE column
	}
	if podw-tw-1 >= detailMinWidth {
		detailw = podw - tw - 1
		podw = tw
	}
	left := b.namespacesView(st, nsw, h)
	right := b.podsView(st, podw, h, now)
	sep := lipgloss.NewStyle().Foreground(st.BorderUnfocused).Render("│")
	var detail []string
	if detailw > 0 {
		detail = podDetail(st, b.selectedPod(), &b.events, b.watching, detailw, h, now)
	}
	out := make([]string, h)
	for i := range out {
		out[i] = left[i] + sep + right[i]
		if detail != nil {
			out[i] += sep + detail[i]
		}
	}
	return out
}

func (b *browser) listTitle(st *styles.Styles, name string, l list, count int, w int) string {
	t := fmt.Sprintf(" %s (%d)", name, count)
	if b.focus == l {
		t = st.Title.Render(t)
		if b.filtering || b.filter != "" {
			f := " /" + b.filter
			if b.filtering {
				f += "▏"
			}
			t += st.Marked.Render(f)
		}
	} else {
		t = st.Dim.Render(t)
	}
	return fit(t, w)
}

func (b *browser) namespacesView(st *styles.Styles, w, h int) []string {
	names := b.visibleNamespaces()
	lines := []string{b.listTitle(st, "namespaces", listNamespaces, len(names), w), fit("", w)}
	switch {
	case b.nsLoading:
		lines = append(lines, fit(st.Dim.Render(" loading…"), w))
	case b.nsErr != "":
		lines = append(lines, fit(st.StatusFailed.Render(" "+b.nsErr), w))
	case len(names) == 0:
		lines = append(lines, fit(st.Dim.Render(" no namespaces"), w))
	}
	rows := h - len(lines)
	top := followTop(b.nsTop, indexOf(names, b.nsSel), len(names), rows)
	for i := top; i < len(names) && len(lines) < h; i++ {
		n := names[i]
		text := fit(" "+n, w)
		if n == b.nsSel {
			if b.focus == listNamespaces {
				text = st.Selected.Render(fitPlain(" "+n, w))
			} else {
				text = st.SelectedDim.Render(fitPlain(" "+n, w))
			}
		}
		if n == b.watching && n != b.nsSel {
			text = st.Title.Render(fitPlain(" "+n, w))
		}
		lines = append(lines, text)
	}
	return padLines(lines, w, h)
}

// podColumn is one column of the pods table.
type podColumn struct {
	title string
	width int // 0: flexible (name)
}

// pod table columns: mark, name, ready, status, restarts, age, containers; the all-namespaces
// view adds NAMESPACE before NAME (podColumnsFor).
var podColumns = []podColumn{{"", 2}, {"NAME", 0}, {"READY", 7}, {"STATUS", 18}, {"RESTARTS", 9}, {"AGE", 6}, {"CONTAINERS", 22}}

// podColumnsFor returns the columns of the view: with nsWidth > 0 a NAMESPACE column that wide
// follows the mark.
func podColumnsFor(nsWidth int) []podColumn {
	if nsWidth <= 0 {
		return podColumns
	}
	out := append([]podColumn{podColumns[0], {"NAMESPACE", nsWidth}}, podColumns[1:]...)
	return out
}

// namespaceWidth is the NAMESPACE column's width for pods (0 unless every namespace is shown).
func (b *browser) namespaceWidth() int {
	if !b.all() {
		return 0
	}
	w := len("NAMESPACE")
	for i := range b.pods {
		w = max(w, len(b.pods[i].Metadata.Namespace))
	}
	return min(w, 24)
}

func (b *browser) podsView(st *styles.Styles, w, h int, now time.Time) []string {
	pods := b.visiblePods()
	title := "pods"
	switch {
	case b.all():
		title = "pods in all namespaces"
	case b.watching != "":
		title = "pods in " + b.watching
	}
	lines := []string{b.listTitle(st, title, listPods, len(pods), w)}
	if b.podsPolling && b.podsErr == "" {
		// Quiet: the server cannot watch, so the list is refreshed every poll interval.
		lines[0] = fit(strings.TrimRight(lines[0], " ")+st.Dim.Render(" · polling"), w)
	}
	if n := len(b.marked); n > 0 {
		lines[0] = fit(strings.TrimRight(lines[0], " ")+st.Marked.Render(fmt.Sprintf(" · %d marked (ctrl+s opens them tiled)", n)), w)
	}
	longest, conts := longestNames(b.pods)
	cols := podColumnsFor(b.namespaceWidth())
	widths := columnWidths(cols, w, longest, conts)
	hdr := make([]string, len(cols))
	for i, c := range cols {
		hdr[i] = fitPlain(c.title, widths[i])
	}
	lines = append(lines, st.Header.Render(fitPlain(strings.Join(hdr, " "), w)))
	switch {
	case b.podsLoading:
		lines = append(lines, fit(st.Dim.Render(" loading pods…"), w))
	case b.podsErr != "":
		lines = append(lines, fit(st.StatusFailed.Render(" ⚠ "+b.podsErr+" (retrying)"), w))
	case len(pods) == 0 && b.watching != "":
		lines = append(lines, fit(st.Dim.Render(" no pods"), w))
	}
	sel := 0
	for i, p := range pods {
		if b.keyOf(p) == b.podSel {
			sel = i
		}
	}
	rows := h - len(lines)
	top := followTop(b.podTop, sel, len(pods), rows)
	for i := top; i < len(pods) && len(lines) < h; i++ {
		p := pods[i]
		selected := b.keyOf(p) == b.podSel
		lines = append(lines, b.podRow(st, p, widths, w, selected, now))
	}
	return padLines(lines, w, h)
}

func columnWidths(cols []podColumn, w, longest, conts int) []int {
	fixed := 0
	for _, c := range cols {
		fixed += c.width + 1
	}
	widths := make([]int, len(cols))
	name := 0
	for i, c := range cols {
		widths[i] = c.width
		if c.width == 0 {
			name = i
		}
	}
	widths[name] = max(min(w-fixed, max(longest+2, 24)), 12)
	last := len(widths) - 1
	widths[last] = max(widths[last], min(conts, w-fixed-widths[name]+widths[last]))
	return widths
}

func (b *browser) podRow(st *styles.Styles, p *cciapi.Pod, widths []int, w int, selected bool, now time.Time) string {
	ready, total := cciapi.PodReady(p)
	mark := " "
	marked := b.marked[b.keyOf(p)]
	if marked {
		mark = "●"
	}
	status := cciapi.PodStatusText(p)
	cells := []string{
		mark,
		p.Metadata.Name,
		fmt.Sprintf("%d/%d", ready, total),
		status,
		strconv.Itoa(cciapi.PodRestarts(p)),
		cciapi.PodAge(p, now),
		strings.Join(cciapi.ContainerNames(p), ","),
	}
	nameAt, statusAt := 1, 3
	if len(widths) > len(cells) { // the NAMESPACE column
		cells = append([]string{cells[0], p.Metadata.Namespace}, cells[1:]...)
		nameAt, statusAt = 2, 4
	}
	for i := range cells {
		cells[i] = fitPlain(cells[i], widths[i])
	}
	if selected {
		line := fitPlain(strings.Join(cells, " "), w)
		if b.focus == listPods {
			return st.Selected.Render(line)
		}
		return st.SelectedDim.Render(line)
	}
	cells[statusAt] = statusStyle(st, p, status).Render(cells[statusAt])
	if marked {
		cells[0] = st.Marked.Render(cells[0])
		cells[nameAt] = st.Marked.Render(cells[nameAt])
	}
	return fit(strings.Join(cells, " "), w)
}

func statusStyle(st *styles.Styles, p *cciapi.Pod, text string) lipgloss.Style {
	switch {
	case text == "Running":
		return st.StatusRunning
	case text == "Succeeded" || text == "Completed":
		return st.StatusDone
	case p.Status.Phase == "Failed" || strings.Contains(text, "Err") || strings.Contains(text, "BackOff") || text == "Failed" || text == "OOMKilled":
		return st.StatusFailed
	}
	return st.StatusPending
}

// scrollTop returns the first visible row so that sel is visible in a window of rows.
func scrollTop(sel, n, rows int) int {
	if rows <= 0 || n <= rows {
		return 0
	}
	top := sel - rows/2
	return min(max(top, 0), n-rows)
}

func indexOf(names []string, s string) int {
	for i, n := range names {
		if n == s {
			return i
		}
	}
	return 0
}

func padLines(lines []string, w, h int) []string {
	for len(lines) < h {
		lines = append(lines, fitPlain("", w))
	}
	return lines[:h]
}
