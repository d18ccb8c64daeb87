package localcci

import (
	"fmt"
	"time"

	"github.com/podmux/podmux/cciapi"
)

// animate runs until Close, changing the default fixture's pods every AnimateInterval so a
// watching UI has something to show: the crashlooping pod cycles CrashLoopBackOff → Running →
// Error → CrashLoopBackOff, bumping its restart count, and the ETL job pod goes Pending
// (ContainerCreating) → Running → Succeeded, then is deleted and recreated under a new name. Pods
// missing from a custom fixture are left alone.
func (s *Server) animate() {
	defer s.bg.Done()
	t := time.NewTicker(s.opts.AnimateInterval)
	defer t.Stop()
	job := jobPodFirst
	for tick := 0; ; tick++ {
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
		now := time.Now().Truncate(time.Second)
		_ = s.UpdatePod(crashPodNS, crashPod, func(p *cciapi.Pod) { crashStep(p, tick%3, now) })
		job = s.jobStep(job, tick%8, now)
	}
}

// crashStep moves every container of p one step along the crashloop cycle.
func crashStep(p *cciapi.Pod, step int, now time.Time) {
	for i := range p.Status.ContainerStatuses {
		cs := &p.Status.ContainerStatuses[i]
		switch step {
		case 0: // back-off over: the container starts again
			cs.RestartCount++
			cs.State = cciapi.ContainerState{Running: &cciapi.ContainerStateRunning{StartedAt: now}}
			cs.Ready = false
		case 1: // it crashes
			started := now.Add(-time.Second)
			if cs.State.Running != nil {
				started = cs.State.Running.StartedAt
			}
			cs.State = cciapi.ContainerState{Terminated: &cciapi.ContainerStateTerminated{
				ExitCode: 2, Reason: "Error", StartedAt: started, FinishedAt: now}}
			cs.Ready = false
		default: // and waits out the back-off
			cs.State = cciapi.ContainerState{Waiting: &cciapi.ContainerStateWaiting{
				Reason: "CrashLoopBackOff", Message: "back-off 5m0s restarting failed container=" + cs.Name}}
			cs.Ready = false
		}
	}
}

// jobStep drives the job pod named name through its life on step (0..7) and returns the name of
// the job pod to drive next.
func (s *Server) jobStep(name string, step int, now time.Time) string {
	switch step {
	case 1: // scheduled and started
		_ = s.UpdatePod(jobPodNS, name, func(p *cciapi.Pod) {
			p.Status.Phase = "Running"
			p.Status.PodIP = "10.241.7.23"
			p.Spec.NodeName = "cci-node-b2"
			p.Status.StartTime = &now
			for i := range p.Status.ContainerStatuses {
				cs := &p.Status.ContainerStatuses[i]
				cs.State = cciapi.ContainerState{Running: &cciapi.ContainerStateRunning{StartedAt: now}}
				cs.Ready = true
			}
		})
	case 4: // done
		_ = s.UpdatePod(jobPodNS, name, func(p *cciapi.Pod) {
			p.Status.Phase = "Succeeded"
			for i := range p.Status.ContainerStatuses {
				cs := &p.Status.ContainerStatuses[i]
				started := now
				if cs.State.Running != nil {
					started = cs.State.Running.StartedAt
				}
				cs.State = cciapi.ContainerState{Terminated: &cciapi.ContainerStateTerminated{
					Reason: "Completed", StartedAt: started, FinishedAt: now}}
				cs.Ready = false
			}
		})
	case 7: // cleaned up; the next run is created
		old, err := s.Pod(jobPodNS, name)
		if err != nil {
			return name
		}
		_ = s.DeletePod(jobPodNS, name)
		next := old
		next.Metadata.Name = fmt.Sprintf("%s-%05x", jobPodStem, now.UnixNano()>>20&0xfffff)
		next.Metadata.UID = uid("pod", jobPodNS, next.Metadata.Name)
		next.Metadata.CreationTimestamp = now
		next.Spec.NodeName = ""
		next.Status = cciapi.PodStatus{Phase: "Pending"}
		for _, c := range old.Spec.Containers {
			next.Status.ContainerStatuses = append(next.Status.ContainerStatuses, cciapi.ContainerStatus{
				Name: c.Name, Image: c.Image,
				State: cciapi.ContainerState{Waiting: &cciapi.ContainerStateWaiting{Reason: "ContainerCreating"}},
			})
		}
		if s.AddPod(jobPodNS, next) == nil {
			return next.Metadata.Name
		}
	}
	return name
}
