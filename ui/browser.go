package ui

import (
	"slices"
	"strings"

	"github.com/sahilm/fuzzy"

	"github.com/podmux/podmux/cciapi"
)

// list identifies one of the browser's two lists.
type list int

const (
	listNamespaces list = iota
	listPods
)

// allNamespaces is the nsSel and watching value of the all-namespaces pods view (no namespace
// can be named so); its pods come from WatchPods(""), keyed namespace/name.
const allNamespaces = "*"

// browser is the namespaces list and the pods table of the selected namespace. It holds data and
// selection only; the model feeds it and draws it. Selection is kept by name, so live updates
// never make it jump.
type browser struct {
	focus list

	namespaces []cciapi.Namespace
	nsErr      string
	nsLoading  bool
	nsSel      string // selected namespace name
	watching   string // namespace whose pods are shown

	pods        []cciapi.Pod
	podsErr     string
	podsLoading bool
	podsPolling bool            // the server cannot watch: the pods are listed every poll interval
	podSel      string          // selected pod's key (keyOf)
	marked      map[string]bool // marked pods' keys, in the watched namespace

	nsTop, podTop int // first visible row of each list; moved only to keep the selection visible

	filter    string // applies to the focused list
	filtering bool   // the filter line is being edited
	pick      bool   // opened to pick a pod for a split or new tab

	events podEvents // the selected pod's events, for the detail panel (pod_events.go)
}

func newBrowser() *browser {
	return &browser{nsLoading: true, marked: map[string]bool{}}
}

// visibleNamespaces returns the namespace names that pass the filter, best match first when a
// filter is set.
func (b *browser) visibleNamespaces() []string {
	names := make([]string, len(b.namespaces))
	for i, n := range b.namespaces {
		names[i] = n.Metadata.Name
	}
	if b.focus != listNamespaces || b.filter == "" {
		return names
	}
	return fuzzyFilter(b.filter, names)
}

// visiblePods returns the pods that pass the filter.
func (b *browser) visiblePods() []*cciapi.Pod {
	out := make([]*cciapi.Pod, 0, len(b.pods))
	if b.focus != listPods || b.filter == "" {
		for i := range b.pods {
			out = append(out, &b.pods[i])
		}
		return out
	}
	if sel, ok := labelFilter(b.filter); ok {
		for i := range b.pods {
			if matchLabels(sel, b.pods[i].Metadata.Labels) {
				out = append(out, &b.pods[i])
			}
		}
		return out
	}
	names := make([]string, len(b.pods))
	for i := range b.pods {
		names[i] = b.keyOf(&b.pods[i])
	}
	for _, m := range fuzzy.Find(b.filter, names) {
		out = append(out, &b.pods[m.Index])
	}
	return out
}

func fuzzyFilter(pattern string, names []string) []string {
	ms := fuzzy.Find(pattern, names)
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Str
	}
	return out
}

// cursor returns the index of the selection in the visible rows of the focused list (0 when the
// selection is filtered out), and the number of rows.
func (b *browser) cursor() (int, int) {
	if b.focus == listNamespaces {
		names := b.visibleNamespaces()
		if b.nsSel == allNamespaces {
			return -1, len(names) // above the first row: down selects it
		}
		return max(slices.Index(names, b.nsSel), 0), len(names)
	}
	pods := b.visiblePods()
	for i, p := range pods {
		if b.keyOf(p) == b.podSel {
			return i, len(pods)
		}
	}
	return 0, len(pods)
}

// move moves the selection of the focused list by delta rows, clamped; delta may be huge to
// reach an end.
func (b *browser) move(delta int) {
	i, n := b.cursor()
	if n == 0 {
		return
	}
	i = min(max(i+delta, 0), n-1)
	b.selectIndex(i)
}

func (b *browser) selectIndex(i int) {
	if b.focus == listNamespaces {
		names := b.visibleNamespaces()
		if i < len(names) {
			b.nsSel = names[i]
		}
		return
	}
	pods := b.visiblePods()
	if i < len(pods) {
		b.podSel = b.keyOf(pods[i])
	}
}

// normalize re-points a selection that vanished (filtered out, deleted) at the first row.
func (b *browser) normalize() {
	if names := b.visibleNamespaces(); len(names) > 0 && b.nsSel != allNamespaces && !slices.Contains(names, b.nsSel) {
		b.nsSel = names[0]
	}
	pods := b.visiblePods()
	if len(pods) > 0 && !slices.ContainsFunc(pods, func(p *cciapi.Pod) bool { return b.keyOf(p) == b.podSel }) {
		b.podSel = b.keyOf(pods[0])
	}
}

// setNamespaces replaces the namespace list; the first namespace is selected when none was.
func (b *browser) setNamespaces(ns []cciapi.Namespace, err error) {
	b.nsLoading = false
	if err != nil {
		b.nsErr = err.Error()
		return
	}
	b.nsErr = ""
	b.namespaces = ns
	if b.nsSel == "" && len(ns) > 0 {
		b.nsSel = ns[0].Metadata.Name
	}
	b.normalize()
}

// setPods applies a watch snapshot of the watched namespace.
func (b *browser) setPods(u cciapi.PodUpdate) {
	b.podsLoading = false
	b.podsPolling = u.Polling
	if u.Err != nil {
		b.podsErr = u.Err.Error()
	} else {
		b.podsErr = ""
	}
	if u.Pods != nil || u.Err == nil {
		b.pods = u.Pods
	}
	for name := range b.marked {
		if !slices.ContainsFunc(b.pods, func(p cciapi.Pod) bool { return b.keyOf(&p) == name }) {
			delete(b.marked, name)
		}
	}
	b.normalize()
}

// all reports whether the pods view shows every namespace.
func (b *browser) all() bool { return b.watching == allNamespaces }

// keyOf is a pod's key in the pods view (podSel, marked): its name, or namespace/name when the
// view shows every namespace (names repeat across namespaces).
func (b *browser) keyOf(p *cciapi.Pod) string {
	if b.all() {
		return p.Metadata.Namespace + "/" + p.Metadata.Name
	}
	return p.Metadata.Name
}

// startWatching resets the pods table for namespace ns.
func (b *browser) startWatching(ns string) {
	b.watching = ns
	b.pods = nil
	b.podsErr = ""
	b.podsLoading = true
	b.podsPolling = false
	b.podSel = ""
	clear(b.marked)
}

// selectedPod returns the selected pod, or nil.
func (b *browser) selectedPod() *cciapi.Pod {
	for i := range b.pods {
		if b.keyOf(&b.pods[i]) == b.podSel {
			return &b.pods[i]
		}
	}
	return nil
}

// toggleMark marks or unmarks the selected pod and moves down, like k9s.
func (b *browser) toggleMark() {
	if p := b.selectedPod(); p != nil {
		n := b.keyOf(p)
		if b.marked[n] {
			delete(b.marked, n)
		} else {
			b.marked[n] = true
		}
		b.move(1)
	}
}

// markedPods returns the marked pods in table order.
func (b *browser) markedPods() []*cciapi.Pod {
	var out []*cciapi.Pod
	for i := range b.pods {
		if b.marked[b.keyOf(&b.pods[i])] {
			out = append(out, &b.pods[i])
		}
	}
	return out
}

// selectPod focuses the pods list on namespace ns and pod name (used by split pick mode).
func (b *browser) preselect(ns, pod string) {
	b.nsSel = ns
	b.podSel = pod
	b.focus = listPods
	b.filter, b.filtering = "", false
}

// hasNamespace reports whether the namespace list holds name.
func (b *browser) hasNamespace(name string) bool {
	for _, n := range b.namespaces {
		if n.Metadata.Name == name {
			return true
		}
	}
	return false
}

// typeFilter edits the filter line.
func (b *browser) typeFilter(s string) {
	b.filter += s
	b.normalize()
}

func (b *browser) backspaceFilter() {
	if b.filter != "" {
		_, size := lastRune(b.filter)
		b.filter = b.filter[:len(b.filter)-size]
		b.normalize()
	}
}

func lastRune(s string) (rune, int) {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] < 0x80 || s[i] >= 0xC0 {
			return []rune(s[i:])[0], len(s) - i
		}
	}
	return 0, 0
}

// containsFold reports whether s contains sub, ignoring case.
func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// follow scrolls each list the least needed to keep its selection visible in rows rows, so a
// live update or a move never makes the list jump.
func (b *browser) follow(rows int) {
	if rows <= 0 {
		return
	}
	names := b.visibleNamespaces()
	b.nsTop = followTop(b.nsTop, indexOf(names, b.nsSel), len(names), rows)
	sel := 0
	pods := b.visiblePods()
	for i, p := range pods {
		if b.keyOf(p) == b.podSel {
			sel = i
		}
	}
	b.podTop = followTop(b.podTop, sel, len(pods), rows)
}

func followTop(top, sel, n, rows int) int {
	if sel < top {
		top = sel
	}
	if sel >= top+rows {
		top = sel - rows + 1
	}
	return min(max(top, 0), max(n-rows, 0))
}
