package ui

import (
	"fmt"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/session"
)

// endReason says why a session's container went away when the pods watch knows: the pod was
// deleted, or its container stopped (crashed, completed, waits in back-off). "" when the
// watch does not cover the pod's namespace or the container still runs.
func (m *Model) endReason(t session.Target) string {
	b := m.br
	all := b.watching == allNamespaces
	if t.Recording != "" || (t.Namespace != b.watching && !all) || b.podsLoading || b.podsErr != "" {
		return ""
	}
	var pod *cciapi.Pod
	for i := range b.pods {
		md := b.pods[i].Metadata
		if md.Name == t.Pod && (md.Namespace == "" || md.Namespace == t.Namespace) {
			pod = &b.pods[i]
		}
	}
	if pod == nil {
		return "the pod " + t.Pod + " was deleted"
	}
	for _, cs := range pod.Status.ContainerStatuses {
		if cs.Name != t.Container {
			continue
		}
		switch st := cs.State; {
		case st.Terminated != nil:
			return fmt.Sprintf("container %s terminated (%s, exit code %d)", cs.Name, orText(st.Terminated.Reason, "ended"), st.Terminated.ExitCode)
		case st.Waiting != nil:
			return fmt.Sprintf("container %s is not running (%s)", cs.Name, orText(st.Waiting.Reason, "waiting"))
		}
	}
	return ""
}

// noteEnd adds to an ended session's pane, and to the status bar, why it ended when the pods
// watch tells (see endReason).
func (m *Model) noteEnd(s *session.Session, st session.Status) {
	if st.State == session.Exited && st.ExitCode == 0 {
		return
	}
	if why := m.endReason(s.Target()); why != "" {
		s.Note(why)
		m.setError(s.Target().String() + ": " + st.Text() + ": " + why)
	}
}

func orText(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
