package localcci

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/podmux/podmux/cciapi"
)

// findContainer resolves a pod and the container to exec in: the named one, else the one the
// kubectl.kubernetes.io/default-container annotation names, else the first. Errors are 404
// NotFound for an unknown namespace or pod, and 400 BadRequest for an unknown container (the
// message lists the valid ones) or for a container that is not running, as the Kubernetes API
// answers: "cannot exec into a container in a completed pod; current phase is Succeeded", or
// "container checkout is not running (CrashLoopBackOff)". The pod is a private copy.
func (s *Server) findContainer(ns, pod, container string) (cciapi.Pod, string, *apiError) {
	p, err := s.store.pod(ns, pod)
	if err != nil {
		return cciapi.Pod{}, "", err
	}
	p = clonePod(p)
	names := cciapi.ContainerNames(&p)
	if container == "" {
		container = cciapi.DefaultContainer(&p)
	}
	if container == "" && len(names) > 0 {
		container = names[0]
	}
	if containerIndex(&p, container) < 0 {
		return cciapi.Pod{}, "", &apiError{Code: http.StatusBadRequest, Reason: "BadRequest",
			Msg: fmt.Sprintf("container %s is not valid for pod %s: choose one of [%s]", container, pod, strings.Join(names, " "))}
	}
	switch p.Status.Phase {
	case "Succeeded", "Failed":
		return cciapi.Pod{}, "", &apiError{Code: http.StatusBadRequest, Reason: "BadRequest",
			Msg: "cannot exec into a container in a completed pod; current phase is " + p.Status.Phase}
	}
	cs := containerStatus(&p, container)
	if cs == nil || cs.State.Running == nil {
		why := p.Status.Phase
		switch {
		case cs != nil && cs.State.Waiting != nil && cs.State.Waiting.Reason != "":
			why = cs.State.Waiting.Reason
		case cs != nil && cs.State.Terminated != nil && cs.State.Terminated.Reason != "":
			why = cs.State.Terminated.Reason
		}
		return cciapi.Pod{}, "", &apiError{Code: http.StatusBadRequest, Reason: "BadRequest",
			Msg: fmt.Sprintf("container %s is not running (%s)", container, why)}
	}
	return p, container, nil
}
