// Package cciapi speaks the CCI v2 wire: REST (namespaces, pods, watch, logs), exec streams
// (WebSocket v5/v4, later SPDY), authentication and Kubernetes Status errors. It imports no other
// podmux package and knows nothing of the UI.
package cciapi

import (
	"encoding/json"
	"time"
)

// APIVersion is the apiVersion CCI v2 puts on its objects.
const APIVersion = "cci/v2"

// APIPrefix is the path under which every CCI v2 resource lives.
const APIPrefix = "/apis/cci/v2"

// DefaultContainerAnnotation names the container kubectl (and podmux) picks when none is given.
const DefaultContainerAnnotation = "kubectl.kubernetes.io/default-container"

// TypeMeta is the kind/apiVersion pair on every object.
type TypeMeta struct {
	Kind       string `json:"kind,omitempty"`
	APIVersion string `json:"apiVersion,omitempty"`
}

// ObjectMeta is the subset of Kubernetes object metadata podmux uses.
type ObjectMeta struct {
	Name              string            `json:"name,omitempty"`
	Namespace         string            `json:"namespace,omitempty"`
	UID               string            `json:"uid,omitempty"`
	ResourceVersion   string            `json:"resourceVersion,omitempty"`
	CreationTimestamp time.Time         `json:"creationTimestamp,omitempty"`
	Labels            map[string]string `json:"labels,omitempty"`
	Annotations       map[string]string `json:"annotations,omitempty"`
}

// ListMeta carries a list's resourceVersion (to start a watch from) and its continue token.
type ListMeta struct {
	ResourceVersion string `json:"resourceVersion,omitempty"`
	Continue        string `json:"continue,omitempty"`
}

// Namespace is a CCI namespace.
type Namespace struct {
	TypeMeta `json:",inline"`
	Metadata ObjectMeta      `json:"metadata"`
	Status   NamespaceStatus `json:"status,omitempty"`
}

// NamespaceStatus holds the namespace phase (Active, Terminating).
type NamespaceStatus struct {
	Phase string `json:"phase,omitempty"`
}

// NamespaceList is the answer to GET /namespaces.
type NamespaceList struct {
	TypeMeta `json:",inline"`
	Metadata ListMeta    `json:"metadata"`
	Items    []Namespace `json:"items"`
}

// Pod is the subset of a CCI pod podmux shows and execs into.
type Pod struct {
	TypeMeta `json:",inline"`
	Metadata ObjectMeta `json:"metadata"`
	Spec     PodSpec    `json:"spec"`
	Status   PodStatus  `json:"status"`
}

// PodSpec lists the pod's containers.
type PodSpec struct {
	Containers []Container `json:"containers"`
	NodeName   string      `json:"nodeName,omitempty"`
}

// Container is one container of a pod spec.
type Container struct {
	Name    string   `json:"name"`
	Image   string   `json:"image,omitempty"`
	Command []string `json:"command,omitempty"`
	Args    []string `json:"args,omitempty"`
}

// PodStatus is the observed state of a pod.
type PodStatus struct {
	Phase             string            `json:"phase,omitempty"` // Pending, Running, Succeeded, Failed, Unknown
	Reason            string            `json:"reason,omitempty"`
	Message           string            `json:"message,omitempty"`
	PodIP             string            `json:"podIP,omitempty"`
	HostIP            string            `json:"hostIP,omitempty"`
	StartTime         *time.Time        `json:"startTime,omitempty"`
	ContainerStatuses []ContainerStatus `json:"containerStatuses,omitempty"`
}

// ContainerStatus is the observed state of one container.
type ContainerStatus struct {
	Name         string         `json:"name"`
	Ready        bool           `json:"ready"`
	RestartCount int32          `json:"restartCount"`
	Image        string         `json:"image,omitempty"`
	State        ContainerState `json:"state,omitempty"`
}

// ContainerState has exactly one of its fields set.
type ContainerState struct {
	Waiting    *ContainerStateWaiting    `json:"waiting,omitempty"`
	Running    *ContainerStateRunning    `json:"running,omitempty"`
	Terminated *ContainerStateTerminated `json:"terminated,omitempty"`
}

// ContainerStateWaiting carries the reason a container is not running yet (e.g. CrashLoopBackOff).
type ContainerStateWaiting struct {
	Reason  string `json:"reason,omitempty"`
	Message string `json:"message,omitempty"`
}

// ContainerStateRunning says since when a container runs.
type ContainerStateRunning struct {
	StartedAt time.Time `json:"startedAt,omitempty"`
}

// ContainerStateTerminated says how a container ended.
type ContainerStateTerminated struct {
	ExitCode   int32     `json:"exitCode"`
	Reason     string    `json:"reason,omitempty"`
	Message    string    `json:"message,omitempty"`
	StartedAt  time.Time `json:"startedAt,omitempty"`
	FinishedAt time.Time `json:"finishedAt,omitempty"`
}

// PodList is the answer to GET /namespaces/{ns}/pods.
type PodList struct {
	TypeMeta `json:",inline"`
	Metadata ListMeta `json:"metadata"`
	Items    []Pod    `json:"items"`
}

// Watch event types.
const (
	EventAdded    = "ADDED"
	EventModified = "MODIFIED"
	EventDeleted  = "DELETED"
	EventBookmark = "BOOKMARK"
	EventError    = "ERROR"
)

// WatchEvent is one line of a watch stream. For ERROR, Object is a Status.
type WatchEvent struct {
	Type   string          `json:"type"`
	Object json.RawMessage `json:"object"`
}

// Status is a Kubernetes Status object: the body of every error answer, and of the exec status
// on channel 3. CCI adds ErrorCode (e.g. CCI.02.409101).
type Status struct {
	TypeMeta  `json:",inline"`
	Metadata  *ListMeta      `json:"metadata,omitempty"`
	Status    string         `json:"status,omitempty"` // Success or Failure
	Message   string         `json:"message,omitempty"`
	Reason    string         `json:"reason,omitempty"`
	Details   *StatusDetails `json:"details,omitempty"`
	Code      int            `json:"code,omitempty"`
	ErrorCode string         `json:"errorCode,omitempty"`
}

// StatusDetails carries the causes of a Status (the exec exit code is a cause with reason ExitCode).
type StatusDetails struct {
	Name   string        `json:"name,omitempty"`
	Kind   string        `json:"kind,omitempty"`
	Causes []StatusCause `json:"causes,omitempty"`
}

// StatusCause is one cause of a Status.
type StatusCause struct {
	Type    string `json:"type,omitempty"`
	Reason  string `json:"reason,omitempty"`
	Message string `json:"message,omitempty"`
	Field   string `json:"field,omitempty"`
}
