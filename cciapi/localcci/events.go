package localcci

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/podmux/podmux/cciapi"
)

// listEvents answers GET /namespaces/{ns}/events with the events of the namespace's pods,
// derived from their state: Scheduled, Pulling, Pulled, Created and Started for each container
// that started, Pulling alone for one still being created, and a Warning BackOff (counted by
// restarts) for a container in a crash loop. fieldSelector takes comma-separated
// involvedObject.name=, involvedObject.kind=, involvedObject.namespace=, type= and reason=
// terms (== and != too); other fields are a 400, as on kube-apiserver. With Options.NoEvents
// the path is a 404, as on OTC, which documents no events.
func (s *Server) listEvents(w http.ResponseWriter, r *http.Request) {
	if s.opts.NoEvents {
		s.notFound(w, r)
		return
	}
	ns := r.PathValue("ns")
	match, aerr := parseEventSelector(r.URL.Query().Get("fieldSelector"))
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	if _, err := s.store.namespace(ns); err != nil {
		writeError(w, err)
		return
	}
	s.store.mu.Lock()
	pods, err := s.store.podsLocked(ns)
	rv := s.store.rv
	s.store.mu.Unlock()
	if err != nil {
		writeError(w, err)
		return
	}
	now := time.Now()
	items := []cciapi.Event{}
	for i := range pods {
		for _, e := range podEvents(&pods[i], now) {
			if match(&e) {
				items = append(items, e)
			}
		}
	}
	tm, lm := s.listMeta("EventList", rv, "")
	writeJSON(w, cciapi.EventList{TypeMeta: tm, Metadata: lm, Items: items})
}

// parseEventSelector reads a field selector over events.
func parseEventSelector(s string) (func(*cciapi.Event) bool, *apiError) {
	type term struct {
		field, value string
		neg          bool
	}
	var terms []term
	for _, t := range strings.Split(s, ",") {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		var tm term
		switch {
		case strings.Contains(t, "!="):
			tm.field, tm.value, _ = strings.Cut(t, "!=")
			tm.neg = true
		case strings.Contains(t, "=="):
			tm.field, tm.value, _ = strings.Cut(t, "==")
		case strings.Contains(t, "="):
			tm.field, tm.value, _ = strings.Cut(t, "=")
		default:
			return nil, badRequest("fieldSelector " + quote(s) + ": term " + quote(t) + " is not field=value or field!=value")
		}
		switch tm.field {
		case "involvedObject.name", "involvedObject.kind", "involvedObject.namespace", "type", "reason":
		default:
			return nil, badRequest(`field label not supported: "` + tm.field + `"`)
		}
		terms = append(terms, tm)
	}
	return func(e *cciapi.Event) bool {
		for _, t := range terms {
			var v string
			switch t.field {
			case "involvedObject.name":
				v = e.InvolvedObject.Name
			case "involvedObject.kind":
				v = e.InvolvedObject.Kind
			case "involvedObject.namespace":
				v = e.InvolvedObject.Namespace
			case "type":
				v = e.Type
			case "reason":
				v = e.Reason
			}
			if (v == t.value) == t.neg {
				return false
			}
		}
		return true
	}, nil
}

// podEvents derives a pod's events from its state, oldest first.
func podEvents(p *cciapi.Pod, now time.Time) []cciapi.Event {
	created := p.Metadata.CreationTimestamp
	var evs []cciapi.Event
	add := func(typ, reason, msg, field string, first, last time.Time, count int32) {
		evs = append(evs, cciapi.Event{
			TypeMeta: cciapi.TypeMeta{Kind: "Event", APIVersion: "v1"},
			Metadata: cciapi.ObjectMeta{
				Name:      fmt.Sprintf("%s.%x", p.Metadata.Name, first.UnixNano()+int64(len(evs))),
				Namespace: p.Metadata.Namespace, CreationTimestamp: first,
			},
			InvolvedObject: cciapi.ObjectReference{Kind: "Pod", Namespace: p.Metadata.Namespace,
				Name: p.Metadata.Name, UID: p.Metadata.UID, FieldPath: field},
			Reason: reason, Message: msg, Type: typ,
			Source:         cciapi.EventSource{Component: "kubelet", Host: p.Spec.NodeName},
			FirstTimestamp: first, LastTimestamp: last, Count: count,
		})
	}
	if p.Spec.NodeName == "" {
		if p.Status.Phase == "Pending" {
			add("Normal", "Pending", "pod is waiting for resources to be allocated", "", created, created, 1)
		}
		return evs
	}
	add("Normal", "Scheduled", "Successfully assigned "+p.Metadata.Namespace+"/"+p.Metadata.Name+" to "+p.Spec.NodeName, "", created.Add(time.Second), created.Add(time.Second), 1)
	evs[len(evs)-1].Source = cciapi.EventSource{Component: "volcano"}
	for i, c := range p.Spec.Containers {
		field := "spec.containers{" + c.Name + "}"
		cs := containerStatus(p, c.Name)
		pull := created.Add(time.Duration(2+i) * time.Second)
		add("Normal", "Pulling", `Pulling image "`+c.Image+`"`, field, pull, pull, 1)
		if cs == nil || cs.State.Waiting != nil && cs.RestartCount == 0 {
			continue
		}
		pulled := pull.Add(1200 * time.Millisecond)
		add("Normal", "Pulled", fmt.Sprintf(`Successfully pulled image "%s" in 1.2s (1.2s including waiting)`, c.Image), field, pulled, pulled, 1)
		last := now.Add(-20 * time.Second).Truncate(time.Second) // waiting: the last start
		switch st := cs.State; {
		case st.Running != nil:
			last = st.Running.StartedAt
		case st.Terminated != nil:
			last = st.Terminated.StartedAt
		}
		n := cs.RestartCount + 1
		first := pulled.Add(300 * time.Millisecond)
		if last.Before(first) {
			last = first
		}
		add("Normal", "Created", "Created container "+c.Name, field, first, last, n)
		add("Normal", "Started", "Started container "+c.Name, field, first, last, n)
		// A crash loop: waiting out a back-off now, or restarted often and lately (events
		// stay an hour, so the BackOff of the last wait is still listed while it runs again).
		waiting := cs.State.Waiting != nil && cs.State.Waiting.Reason == "CrashLoopBackOff"
		if waiting || cs.RestartCount >= 5 && now.Sub(last) < time.Hour {
			at := now.Add(-2 * time.Second).Truncate(time.Second)
			if !waiting {
				at = last.Add(-time.Second)
			}
			add("Warning", "BackOff", "Back-off restarting failed container "+c.Name+" in pod "+p.Metadata.Name+"_"+p.Metadata.Namespace+"("+p.Metadata.UID+")",
				field, first.Add(5*time.Second), at, 4*cs.RestartCount)
		}
	}
	slices.SortStableFunc(evs, func(a, b cciapi.Event) int { return a.LastTimestamp.Compare(b.LastTimestamp) })
	return evs
}
