package cciapi

import (
	"context"
	"net/url"
	"slices"
	"time"
)

// Event is a Kubernetes core/v1 Event as CCI 2.0 serves it: something that happened to an
// object (Scheduled, Pulling, Started, BackOff …). Count is how often it happened between
// FirstTimestamp and LastTimestamp.
type Event struct {
	TypeMeta       `json:",inline"`
	Metadata       ObjectMeta      `json:"metadata"`
	InvolvedObject ObjectReference `json:"involvedObject"`
	Reason         string          `json:"reason,omitempty"`
	Message        string          `json:"message,omitempty"`
	Source         EventSource     `json:"source,omitempty"`
	FirstTimestamp time.Time       `json:"firstTimestamp,omitempty"`
	LastTimestamp  time.Time       `json:"lastTimestamp,omitempty"`
	EventTime      *time.Time      `json:"eventTime,omitempty"`
	Count          int32           `json:"count,omitempty"`
	Type           string          `json:"type,omitempty"` // Normal or Warning
}

// ObjectReference names the object an event is about.
type ObjectReference struct {
	Kind      string `json:"kind,omitempty"`
	Namespace string `json:"namespace,omitempty"`
	Name      string `json:"name,omitempty"`
	UID       string `json:"uid,omitempty"`
	FieldPath string `json:"fieldPath,omitempty"`
}

// EventSource is the component that reported an event.
type EventSource struct {
	Component string `json:"component,omitempty"`
	Host      string `json:"host,omitempty"`
}

// EventList is the answer to GET /namespaces/{ns}/events.
type EventList struct {
	TypeMeta `json:",inline"`
	Metadata ListMeta `json:"metadata"`
	Items    []Event  `json:"items"`
}

// Last is when the event last happened: LastTimestamp, else EventTime, else FirstTimestamp,
// else its creation time.
func (e *Event) Last() time.Time {
	switch {
	case !e.LastTimestamp.IsZero():
		return e.LastTimestamp
	case e.EventTime != nil && !e.EventTime.IsZero():
		return *e.EventTime
	case !e.FirstTimestamp.IsZero():
		return e.FirstTimestamp
	}
	return e.Metadata.CreationTimestamp
}

// ListEvents lists the events of namespace ns; fieldSelector (e.g. "involvedObject.name=web-0")
// narrows them when not empty. OTC's CCI documents no events: expect a 404 (IsNotFound) there.
func (c *Client) ListEvents(ctx context.Context, ns, fieldSelector string) (*EventList, error) {
	q := url.Values{}
	if fieldSelector != "" {
		q.Set("fieldSelector", fieldSelector)
	}
	var l EventList
	if err := c.getJSON(ctx, "/namespaces/"+url.PathEscape(ns)+"/events", q, "event list", &l); err != nil {
		return nil, err
	}
	return &l, nil
}

// PodEvents returns the events about pod name in namespace ns, the most recent first.
func (c *Client) PodEvents(ctx context.Context, ns, name string) ([]Event, error) {
	l, err := c.ListEvents(ctx, ns, "involvedObject.name="+name)
	if err != nil {
		return nil, err
	}
	evs := l.Items
	slices.SortStableFunc(evs, func(a, b Event) int { return b.Last().Compare(a.Last()) })
	return evs, nil
}
