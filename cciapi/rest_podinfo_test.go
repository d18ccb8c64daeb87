package cciapi

import (
	"slices"
	"testing"
	"time"
)

func TestHumanDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		-5 * time.Second:               "<invalid>",
		-500 * time.Millisecond:        "0s",
		5 * time.Second:                "5s",
		119 * time.Second:              "119s",
		3*time.Minute + 10*time.Second: "3m10s",
		5 * time.Minute:                "5m",
		42 * time.Minute:               "42m",
		5*time.Hour + 3*time.Minute:    "5h3m",
		20 * time.Hour:                 "20h",
		76 * time.Hour:                 "3d4h",
		40 * 24 * time.Hour:            "40d",
		(2*365 + 30) * 24 * time.Hour:  "2y30d",
		9 * 365 * 24 * time.Hour:       "9y",
	} {
		if got := HumanDuration(d); got != want {
			t.Errorf("HumanDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func podWith(phase string, statuses ...ContainerStatus) *Pod {
	p := &Pod{Status: PodStatus{Phase: phase, ContainerStatuses: statuses}}
	for _, s := range statuses {
		p.Spec.Containers = append(p.Spec.Containers, Container{Name: s.Name})
	}
	return p
}

func TestPodStatusReadyRestarts(t *testing.T) {
	running := ContainerState{Running: &ContainerStateRunning{}}
	for _, tc := range []struct {
		pod        *Pod
		status     string
		ready, tot int
		restarts   int
	}{
		{podWith("Running", ContainerStatus{Name: "a", Ready: true, State: running}, ContainerStatus{Name: "b", Ready: true, State: running, RestartCount: 2}), "Running", 2, 2, 2},
		{podWith("Running", ContainerStatus{Name: "a", RestartCount: 7, State: ContainerState{Waiting: &ContainerStateWaiting{Reason: "CrashLoopBackOff"}}}), "CrashLoopBackOff", 0, 1, 7},
		{podWith("Pending", ContainerStatus{Name: "a", State: ContainerState{Waiting: &ContainerStateWaiting{Reason: "ContainerCreating"}}}), "ContainerCreating", 0, 1, 0},
		{podWith("Succeeded", ContainerStatus{Name: "a", State: ContainerState{Terminated: &ContainerStateTerminated{Reason: "Completed"}}}), "Completed", 0, 1, 0},
		{podWith("Failed", ContainerStatus{Name: "a", State: ContainerState{Terminated: &ContainerStateTerminated{ExitCode: 137}}}), "Signal:9", 0, 1, 0},
		{podWith("Failed", ContainerStatus{Name: "a", State: ContainerState{Terminated: &ContainerStateTerminated{ExitCode: 3}}}), "ExitCode:3", 0, 1, 0},
		{podWith("Running", ContainerStatus{Name: "a", Ready: true, State: running}, ContainerStatus{Name: "b", State: ContainerState{Terminated: &ContainerStateTerminated{Reason: "Completed"}}}), "Running", 1, 2, 0},
		{&Pod{Status: PodStatus{Phase: "Failed", Reason: "Evicted"}}, "Evicted", 0, 0, 0},
		{&Pod{}, "Unknown", 0, 0, 0},
	} {
		if got := PodStatusText(tc.pod); got != tc.status {
			t.Errorf("status %q, want %q", got, tc.status)
		}
		if r, n := PodReady(tc.pod); r != tc.ready || n != tc.tot {
			t.Errorf("%s: ready %d/%d, want %d/%d", tc.status, r, n, tc.ready, tc.tot)
		}
		if got := PodRestarts(tc.pod); got != tc.restarts {
			t.Errorf("%s: restarts %d, want %d", tc.status, got, tc.restarts)
		}
	}
}

func TestPodAgeAndContainers(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	p := &Pod{Metadata: ObjectMeta{CreationTimestamp: now.Add(-3 * time.Minute)}}
	if got := PodAge(p, now); got != "3m" {
		t.Errorf("age %q, want 3m", got)
	}
	if got := PodAge(&Pod{}, now); got != "<unknown>" {
		t.Errorf("age without creation time %q", got)
	}
	p.Spec.Containers = []Container{{Name: "app"}, {Name: "sidecar"}}
	if got := ContainerNames(p); !slices.Equal(got, []string{"app", "sidecar"}) {
		t.Errorf("ContainerNames = %v", got)
	}
	if got := DefaultContainer(p); got != "" {
		t.Errorf("DefaultContainer without annotation = %q", got)
	}
	p.Metadata.Annotations = map[string]string{DefaultContainerAnnotation: "sidecar"}
	if got := DefaultContainer(p); got != "sidecar" {
		t.Errorf("DefaultContainer = %q, want sidecar", got)
	}
	p.Metadata.Annotations[DefaultContainerAnnotation] = "ghost"
	if got := DefaultContainer(p); got != "" {
		t.Errorf("DefaultContainer naming a missing container = %q, want empty", got)
	}
}
