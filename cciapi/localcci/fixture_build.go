package localcci

import (
	"crypto/sha256"
	"fmt"
	"maps"
	"time"

	"github.com/podmux/podmux/cciapi"
)

// build turns a validated fixture into API objects, with creation times relative to start.
func (fx *Fixture) build(start time.Time) ([]cciapi.Namespace, map[string][]cciapi.Pod) {
	var nss []cciapi.Namespace
	pods := map[string][]cciapi.Pod{}
	oldest := start
	for ni, n := range fx.Namespaces {
		var ps []cciapi.Pod
		for pi := range n.Pods {
			p := n.Pods[pi].build(n.Name, start, ni*64+pi)
			if p.Metadata.CreationTimestamp.Before(oldest) {
				oldest = p.Metadata.CreationTimestamp
			}
			ps = append(ps, p)
		}
		pods[n.Name] = ps
		nss = append(nss, cciapi.Namespace{
			TypeMeta: cciapi.TypeMeta{Kind: "Namespace", APIVersion: cciapi.APIVersion},
			Metadata: cciapi.ObjectMeta{Name: n.Name, UID: uid("ns", n.Name), Labels: maps.Clone(n.Labels)},
			Status:   cciapi.NamespaceStatus{Phase: "Active"},
		})
	}
	for i := range nss {
		nss[i].Metadata.CreationTimestamp = oldest.Add(-time.Hour).Truncate(time.Second)
	}
	return nss, pods
}

// uid derives a stable UID-shaped string from its parts.
func uid(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p + "/"))
	}
	b := h.Sum(nil)
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// build makes the pod; idx spreads generated pod IPs.
func (fp *FixturePod) build(ns string, start time.Time, idx int) cciapi.Pod {
	age, _ := parseAge(fp.Age) // validated
	created := start.Add(-age).Truncate(time.Second)
	phase := fp.Phase
	if phase == "" {
		phase = "Running"
	}
	ann := maps.Clone(fp.Annotations)
	if fp.DefaultContainer != "" {
		if ann == nil {
			ann = map[string]string{}
		}
		ann[cciapi.DefaultContainerAnnotation] = fp.DefaultContainer
	}
	p := cciapi.Pod{
		TypeMeta: cciapi.TypeMeta{Kind: "Pod", APIVersion: cciapi.APIVersion},
		Metadata: cciapi.ObjectMeta{
			Name: fp.Name, Namespace: ns, UID: uid("pod", ns, fp.Name),
			CreationTimestamp: created, Labels: maps.Clone(fp.Labels), Annotations: ann,
		},
		Spec: cciapi.PodSpec{NodeName: fp.Node},
		Status: cciapi.PodStatus{
			Phase: phase, Reason: fp.Reason, Message: fp.Message, PodIP: fp.IP,
		},
	}
	if phase != "Pending" {
		st := created.Add(2 * time.Second)
		p.Status.StartTime = &st
		if p.Status.PodIP == "" {
			p.Status.PodIP = fmt.Sprintf("10.%d.%d.%d", 240+idx/(250*250)%10, idx/250%250, idx%250+2)
		}
		if p.Spec.NodeName != "" {
			p.Status.HostIP = fmt.Sprintf("192.168.0.%d", 10+len(p.Spec.NodeName)%200)
		}
	}
	for _, fc := range fp.Containers {
		image := fc.Image
		if image == "" {
			image = "busybox:1.36"
		}
		p.Spec.Containers = append(p.Spec.Containers, cciapi.Container{Name: fc.Name, Image: image, Command: fc.Command})
		p.Status.ContainerStatuses = append(p.Status.ContainerStatuses, fc.status(phase, image, created, start))
	}
	return p
}

// status derives a container status from the container's fields and the pod phase.
func (fc *FixtureContainer) status(phase, image string, created, start time.Time) cciapi.ContainerStatus {
	state := fc.State
	if state == "" {
		switch phase {
		case "Pending", "Unknown":
			state = "waiting"
		case "Succeeded", "Failed":
			state = "terminated"
		default:
			state = "running"
		}
	}
	cs := cciapi.ContainerStatus{Name: fc.Name, RestartCount: fc.Restarts, Image: image}
	started := created.Add(3 * time.Second)
	if fc.Restarts > 0 {
		// The last restart happened a while ago, but after creation.
		if recent := start.Add(-time.Duration(fc.Restarts) * 47 * time.Second); recent.After(started) {
			started = recent.Truncate(time.Second)
		}
	}
	if limit := start.Add(-time.Minute).Truncate(time.Second); started.After(limit) {
		// Every fixture container has run a minute when the server starts, so its log
		// (one line a LogInterval since the start) has lines to show at once.
		started = limit
	}
	switch state {
	case "running":
		cs.State.Running = &cciapi.ContainerStateRunning{StartedAt: started}
		cs.Ready = true
	case "waiting":
		reason := fc.Reason
		if reason == "" {
			reason = "ContainerCreating"
		}
		cs.State.Waiting = &cciapi.ContainerStateWaiting{Reason: reason, Message: fc.Message}
	case "terminated":
		reason, code := fc.Reason, fc.ExitCode
		if reason == "" {
			reason = "Completed"
			if phase == "Failed" || code != 0 {
				reason = "Error"
			}
		}
		if phase == "Failed" && code == 0 && fc.Reason == "" {
			code = 1
		}
		finished := started.Add(90 * time.Second)
		if finished.After(start) {
			finished = start
		}
		cs.State.Terminated = &cciapi.ContainerStateTerminated{
			ExitCode: code, Reason: reason, Message: fc.Message, StartedAt: started, FinishedAt: finished,
		}
	}
	if fc.Ready != nil {
		cs.Ready = *fc.Ready
	}
	return cs
}

// logFormats maps "ns/pod/container" to each container's log format, where the fixture sets one.
func (fx *Fixture) logFormats() map[string]string {
	m := map[string]string{}
	for _, n := range fx.Namespaces {
		for _, p := range n.Pods {
			for _, c := range p.Containers {
				if c.Log != "" {
					m[n.Name+"/"+p.Name+"/"+c.Name] = c.Log
				}
			}
		}
	}
	return m
}
