package ui

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/ui/styles"
)

// detailMinWidth is the narrowest the pod detail panel is shown at.
const detailMinWidth = 36

// tableWidth is the width the pods table needs for names up to longest characters and
// container lists up to conts characters.
func tableWidth(longest, conts int) int {
	n := 0
	for _, c := range podColumns {
		n += c.width + 1
	}
	return n + max(longest+2, 24) + max(conts-podColumns[len(podColumns)-1].width, 0)
}

// longestNames returns the longest pod name and container list of pods.
func longestNames(pods []cciapi.Pod) (name, conts int) {
	for i := range pods {
		name = max(name, len(pods[i].Metadata.Name))
		conts = max(conts, len(strings.Join(cciapi.ContainerNames(&pods[i]), ",")))
	}
	return name, conts
}

// podDetail draws the selected pod's details (node, IP, labels, containers, and its events
// when ev has them) into h lines of w; watching is the namespace of pods listed without one.
func podDetail(st *styles.Styles, p *cciapi.Pod, ev *podEvents, watching string, w, h int, now time.Time) []string {
	if p == nil {
		return padLines(nil, w, h)
	}
	key := func(k string) string { return st.Header.Render(fitPlain(k, 11)) }
	lines := []string{st.Title.Render(fitPlain(" "+p.Metadata.Name, w)), ""}
	add := func(k, v string) {
		if v != "" {
			lines = append(lines, fit(" "+key(k)+v, w))
		}
	}
	add("status", cciapi.PodStatusText(p))
	if p.Status.Message != "" {
		add("message", p.Status.Message)
	}
	add("node", p.Spec.NodeName)
	add("pod IP", p.Status.PodIP)
	if p.Status.StartTime != nil {
		add("started", cciapi.HumanDuration(now.Sub(*p.Status.StartTime))+" ago")
	}
	if labels := sortedPairs(p.Metadata.Labels); len(labels) > 0 {
		add("labels", strings.Join(labels, ", "))
	}
	if dc := p.Metadata.Annotations[cciapi.DefaultContainerAnnotation]; dc != "" {
		add("default", dc)
	}
	lines = append(lines, "", fit(" "+st.Header.Render("containers"), w))
	states := map[string]cciapi.ContainerStatus{}
	for _, cs := range p.Status.ContainerStatuses {
		states[cs.Name] = cs
	}
	for _, c := range p.Spec.Containers {
		cs := states[c.Name]
		state := "—"
		style := st.StatusPending
		switch {
		case cs.State.Running != nil:
			state, style = "running", st.StatusRunning
		case cs.State.Waiting != nil:
			state, style = cs.State.Waiting.Reason, st.StatusFailed
			if state == "ContainerCreating" || state == "PodInitializing" {
				style = st.StatusPending
			}
		case cs.State.Terminated != nil:
			state = fmt.Sprintf("%s (exit %d)", cs.State.Terminated.Reason, cs.State.Terminated.ExitCode)
			style = st.StatusDone
			if cs.State.Terminated.ExitCode != 0 {
				style = st.StatusFailed
			}
		}
		ready := " "
		if cs.Ready {
			ready = "✓"
		}
		lines = append(lines, fit(fmt.Sprintf("  %s %s ", ready, c.Name)+style.Render(state)+st.Dim.Render(fmt.Sprintf("  restarts %d", cs.RestartCount)), w))
		if c.Image != "" {
			lines = append(lines, fit(st.Dim.Render("    "+c.Image), w))
		}
	}
	if ev != nil {
		ns := p.Metadata.Namespace
		if ns == "" {
			ns = watching
		}
		lines = append(lines, ev.lines(st, ns+"/"+p.Metadata.Name, w, h-len(lines), now)...)
	}
	return padLines(lines, w, h)
}

func sortedPairs(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k, v := range m {
		out = append(out, k+"="+v)
	}
	sort.Strings(out)
	return out
}
