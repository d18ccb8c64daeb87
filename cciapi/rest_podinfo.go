package cciapi

import (
	"fmt"
	"time"
)

// PodReady returns how many of the pod's containers are ready, and how many containers its spec
// has (kubectl's READY column, e.g. 1/2).
func PodReady(p *Pod) (ready, total int) {
	for _, cs := range p.Status.ContainerStatuses {
		if cs.Ready {
			ready++
		}
	}
	total = len(p.Spec.Containers)
	if total < len(p.Status.ContainerStatuses) {
		total = len(p.Status.ContainerStatuses)
	}
	return ready, total
}

// PodStatusText is kubectl's STATUS column: the pod's reason or phase, overridden by the last
// container's waiting reason (CrashLoopBackOff, ContainerCreating…) or terminated reason (or
// ExitCode:N / Signal:N without one); "Completed" with a running ready container reads Running.
// A pod with no phase reads Unknown.
func PodStatusText(p *Pod) string {
	reason := p.Status.Phase
	if p.Status.Reason != "" {
		reason = p.Status.Reason
	}
	hasRunning := false
	cs := p.Status.ContainerStatuses
	for i := len(cs) - 1; i >= 0; i-- {
		st := cs[i].State
		switch {
		case st.Waiting != nil && st.Waiting.Reason != "":
			reason = st.Waiting.Reason
		case st.Terminated != nil && st.Terminated.Reason != "":
			reason = st.Terminated.Reason
		case st.Terminated != nil:
			if st.Terminated.ExitCode > 128 {
				reason = fmt.Sprintf("Signal:%d", st.Terminated.ExitCode-128)
			} else {
				reason = fmt.Sprintf("ExitCode:%d", st.Terminated.ExitCode)
			}
		case cs[i].Ready && st.Running != nil:
			hasRunning = true
		}
	}
	if reason == "Completed" && hasRunning {
		reason = "Running"
	}
	if reason == "" {
		reason = "Unknown"
	}
	return reason
}

// PodRestarts is the sum of the containers' restart counts.
func PodRestarts(p *Pod) int {
	n := 0
	for _, cs := range p.Status.ContainerStatuses {
		n += int(cs.RestartCount)
	}
	return n
}

// PodAge is kubectl's AGE column: the time since creation in its short human form (5s, 3m10s,
// 42m, 5h3m, 20h, 3d4h, 40d, 2y30d). A pod without a creation time reads "<unknown>".
func PodAge(p *Pod, now time.Time) string {
	if p.Metadata.CreationTimestamp.IsZero() {
		return "<unknown>"
	}
	return HumanDuration(now.Sub(p.Metadata.CreationTimestamp))
}

// HumanDuration formats d like Kubernetes' duration.HumanDuration (used by kubectl for ages).
func HumanDuration(d time.Duration) string {
	seconds := int(d.Seconds())
	if seconds < -1 {
		return "<invalid>"
	}
	if seconds < 0 || d < 0 {
		return "0s"
	}
	minutes := int(d.Minutes())
	hours := int(d.Hours())
	switch {
	case seconds < 60*2:
		return fmt.Sprintf("%ds", seconds)
	case minutes < 10:
		if s := seconds % 60; s != 0 {
			return fmt.Sprintf("%dm%ds", minutes, s)
		}
		return fmt.Sprintf("%dm", minutes)
	case minutes < 60*3:
		return fmt.Sprintf("%dm", minutes)
	case hours < 8:
		if m := minutes % 60; m != 0 {
			return fmt.Sprintf("%dh%dm", hours, m)
		}
		return fmt.Sprintf("%dh", hours)
	case hours < 48:
		return fmt.Sprintf("%dh", hours)
	case hours < 24*8:
		if h := hours % 24; h != 0 {
			return fmt.Sprintf("%dd%dh", hours/24, h)
		}
		return fmt.Sprintf("%dd", hours/24)
	case hours < 24*365*2:
		return fmt.Sprintf("%dd", hours/24)
	case hours < 24*365*8:
		if dy := (hours / 24) % 365; dy != 0 {
			return fmt.Sprintf("%dy%dd", hours/24/365, dy)
		}
		return fmt.Sprintf("%dy", hours/24/365)
	default:
		return fmt.Sprintf("%dy", hours/24/365)
	}
}

// DefaultContainer returns the container the kubectl.kubernetes.io/default-container annotation
// names when the pod has a container of that name, else "".
func DefaultContainer(p *Pod) string {
	name := p.Metadata.Annotations[DefaultContainerAnnotation]
	if name == "" {
		return ""
	}
	for _, c := range p.Spec.Containers {
		if c.Name == name {
			return name
		}
	}
	return ""
}

// ContainerNames returns the names of the pod's spec containers, in spec order.
func ContainerNames(p *Pod) []string {
	names := make([]string, 0, len(p.Spec.Containers))
	for _, c := range p.Spec.Containers {
		names = append(names, c.Name)
	}
	return names
}
