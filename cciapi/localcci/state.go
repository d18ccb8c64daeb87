package localcci

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/podmux/podmux/cciapi"
)

// store holds the namespaces and pods, the global resourceVersion counter, a bounded history of
// pod events for watches, and the snapshots behind paged lists. Stored pods are never mutated in
// place: every change stores a fresh deep copy, so a value read under mu may be used after.
type store struct {
	mu         sync.Mutex
	rv         uint64
	nsOrder    []string
	ns         map[string]*nsState
	history    []event // oldest first, at most histSize
	histSize   int
	compacted  uint64        // a watch from a resourceVersion below this gets 410 Gone
	changed    chan struct{} // closed and replaced on every change
	snaps      map[uint64]*listSnapshot
	snapOrder  []uint64
	nextSnapID uint64
}

type nsState struct {
	obj  cciapi.Namespace
	pods map[string]cciapi.Pod
}

// event is one pod change in the watch history.
type event struct {
	rv        uint64
	ns        string
	typ       string
	pod       cciapi.Pod
	prevLabel map[string]string // MODIFIED: the pod's labels before the change
}

func newStoreFrom(namespaces []cciapi.Namespace, pods map[string][]cciapi.Pod, histSize int) *store {
	st := &store{ns: map[string]*nsState{}, histSize: histSize, changed: make(chan struct{}), snaps: map[uint64]*listSnapshot{}}
	for _, n := range namespaces {
		st.rv++
		n.Metadata.ResourceVersion = strconv.FormatUint(st.rv, 10)
		st.nsOrder = append(st.nsOrder, n.Metadata.Name)
		ps := map[string]cciapi.Pod{}
		for _, p := range pods[n.Metadata.Name] {
			st.rv++
			p.Metadata.ResourceVersion = strconv.FormatUint(st.rv, 10)
			ps[p.Metadata.Name] = p
		}
		st.ns[n.Metadata.Name] = &nsState{obj: n, pods: ps}
	}
	st.compacted = st.rv
	return st
}

func notFound(kind, name string) *apiError {
	return &apiError{Code: http.StatusNotFound, Reason: "NotFound", Msg: fmt.Sprintf("%s %q not found", kind, name)}
}

// current returns the latest resourceVersion.
func (st *store) current() uint64 {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.rv
}

func (st *store) namespaces() []cciapi.Namespace {
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make([]cciapi.Namespace, 0, len(st.nsOrder))
	for _, n := range st.nsOrder {
		out = append(out, st.ns[n].obj)
	}
	return out
}

func (st *store) namespace(name string) (cciapi.Namespace, *apiError) {
	st.mu.Lock()
	defer st.mu.Unlock()
	n, ok := st.ns[name]
	if !ok {
		return cciapi.Namespace{}, notFound("namespaces", name)
	}
	return n.obj, nil
}

func (st *store) pod(ns, name string) (cciapi.Pod, *apiError) {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.podLocked(ns, name)
}

// podLocked looks a pod up; st.mu is held. Errors are 404s naming what is missing.
func (st *store) podLocked(ns, name string) (cciapi.Pod, *apiError) {
	n, ok := st.ns[ns]
	if !ok {
		return cciapi.Pod{}, notFound("namespaces", ns)
	}
	p, ok := n.pods[name]
	if !ok {
		return cciapi.Pod{}, notFound("pods", name)
	}
	return p, nil
}

// podsLocked returns the namespace's pods sorted by name (ns empty: every namespace's, by
// namespace then name).
func (st *store) podsLocked(ns string) ([]cciapi.Pod, *apiError) {
	if ns == "" {
		var out []cciapi.Pod
		for _, name := range st.nsOrder {
			p, _ := st.podsLocked(name)
			out = append(out, p...)
		}
		slices.SortStableFunc(out, func(a, b cciapi.Pod) int { return strings.Compare(a.Metadata.Namespace, b.Metadata.Namespace) })
		return out, nil
	}
	n, ok := st.ns[ns]
	if !ok {
		return nil, notFound("namespaces", ns)
	}
	out := make([]cciapi.Pod, 0, len(n.pods))
	for _, p := range n.pods {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b cciapi.Pod) int { return strings.Compare(a.Metadata.Name, b.Metadata.Name) })
	return out, nil
}

// apply records a pod change: it stamps a new resourceVersion, stores (or removes) the pod,
// appends the event to the bounded history and wakes every watcher.
func (st *store) apply(ns, typ string, p cciapi.Pod) {
	var prev map[string]string
	if old, ok := st.ns[ns].pods[p.Metadata.Name]; ok && typ == cciapi.EventModified {
		prev = old.Metadata.Labels
	}
	st.rv++
	p.Metadata.ResourceVersion = strconv.FormatUint(st.rv, 10)
	p.Metadata.Namespace = ns
	if typ == cciapi.EventDeleted {
		delete(st.ns[ns].pods, p.Metadata.Name)
	} else {
		st.ns[ns].pods[p.Metadata.Name] = p
	}
	st.history = append(st.history, event{rv: st.rv, ns: ns, typ: typ, pod: p, prevLabel: prev})
	if over := len(st.history) - st.histSize; over > 0 {
		st.compacted = st.history[over-1].rv
		st.history = slices.Delete(st.history, 0, over)
	}
	close(st.changed)
	st.changed = make(chan struct{})
}

// compact drops the whole history (as an etcd compaction would) and wakes the watchers, which
// then find their resourceVersion too old and answer 410 Gone.
func (st *store) compact() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.rv++
	st.compacted = st.rv
	st.history = nil
	close(st.changed)
	st.changed = make(chan struct{})
}

// since returns the events of namespace ns (empty: of every namespace) after resourceVersion rv, the resourceVersion the
// caller has now seen, and a channel closed at the next change. gone is true when the history no
// longer reaches back to rv.
func (st *store) since(ns string, rv uint64) (evs []event, seen uint64, wake <-chan struct{}, gone bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if rv < st.compacted {
		return nil, rv, nil, true
	}
	i, _ := slices.BinarySearchFunc(st.history, rv+1, func(e event, target uint64) int {
		return cmpU64(e.rv, target)
	})
	for _, e := range st.history[i:] {
		if ns == "" || e.ns == ns {
			evs = append(evs, e)
		}
	}
	return evs, st.rv, st.changed, false
}

func cmpU64(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// clonePod deep-copies a pod: maps, slices and pointers are fresh.
func clonePod(p cciapi.Pod) cciapi.Pod {
	p.Metadata.Labels = maps.Clone(p.Metadata.Labels)
	p.Metadata.Annotations = maps.Clone(p.Metadata.Annotations)
	p.Spec.Containers = slices.Clone(p.Spec.Containers)
	for i := range p.Spec.Containers {
		c := &p.Spec.Containers[i]
		c.Command, c.Args = slices.Clone(c.Command), slices.Clone(c.Args)
	}
	if p.Status.StartTime != nil {
		t := *p.Status.StartTime
		p.Status.StartTime = &t
	}
	p.Status.ContainerStatuses = slices.Clone(p.Status.ContainerStatuses)
	for i := range p.Status.ContainerStatuses {
		st := &p.Status.ContainerStatuses[i].State
		if st.Waiting != nil {
			w := *st.Waiting
			st.Waiting = &w
		}
		if st.Running != nil {
			r := *st.Running
			st.Running = &r
		}
		if st.Terminated != nil {
			t := *st.Terminated
			st.Terminated = &t
		}
	}
	return p
}

// AddPod adds a pod to namespace ns and notifies watchers (ADDED). The namespace must exist and
// the name be free. Kind, apiVersion, namespace and resourceVersion are set by the server.
func (s *Server) AddPod(ns string, p cciapi.Pod) error {
	st := s.store
	st.mu.Lock()
	defer st.mu.Unlock()
	n, ok := st.ns[ns]
	if !ok {
		return notFound("namespaces", ns)
	}
	if p.Metadata.Name == "" {
		return &apiError{Code: http.StatusBadRequest, Reason: "BadRequest", Msg: "pod has no metadata.name"}
	}
	if _, dup := n.pods[p.Metadata.Name]; dup {
		return &apiError{Code: http.StatusConflict, Reason: "AlreadyExists", Msg: fmt.Sprintf("pods %q already exists", p.Metadata.Name)}
	}
	p = clonePod(p)
	p.TypeMeta = cciapi.TypeMeta{Kind: "Pod", APIVersion: cciapi.APIVersion}
	st.apply(ns, cciapi.EventAdded, p)
	return nil
}

// UpdatePod changes a pod in place through fn (which gets a private copy) and notifies watchers
// (MODIFIED). fn must not change the pod's name.
// The processes of exec sessions in containers that no longer run end with them.
func (s *Server) UpdatePod(ns, name string, fn func(*cciapi.Pod)) error {
	st := s.store
	st.mu.Lock()
	old, err := st.podLocked(ns, name)
	if err != nil {
		st.mu.Unlock()
		return err
	}
	p := clonePod(old)
	fn(&p)
	p.Metadata.Name = name
	st.apply(ns, cciapi.EventModified, p)
	st.mu.Unlock()
	s.endExecsOf(ns, name, &p)
	return nil
}

// DeletePod removes a pod and notifies watchers (DELETED). The processes of its exec sessions
// end with it.
func (s *Server) DeletePod(ns, name string) error {
	st := s.store
	st.mu.Lock()
	p, err := st.podLocked(ns, name)
	if err != nil {
		st.mu.Unlock()
		return err
	}
	st.apply(ns, cciapi.EventDeleted, p)
	st.mu.Unlock()
	s.endExecsOf(ns, name, nil)
	return nil
}

// Pod returns a copy of one pod, as the API would answer it.
func (s *Server) Pod(ns, name string) (cciapi.Pod, error) {
	p, err := s.store.pod(ns, name)
	if err != nil {
		return cciapi.Pod{}, err
	}
	return clonePod(p), nil
}

// CompactHistory simulates an etcd compaction: it drops the watch history, so every open watch
// and every watch from an older resourceVersion ends with a 410 Gone ERROR event and its client
// must list again.
func (s *Server) CompactHistory() { s.store.compact() }
