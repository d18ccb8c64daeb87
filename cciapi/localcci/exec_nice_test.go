package localcci_test

import (
	"os"
	"strings"
	"testing"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/cciapi/localcci"
)

// TestPodProcessesRunBelowTheServer: an exec'd command and its children run at nice 10, below
// the server, as a real pod runs under kubelet's cgroups: a local flood must not starve the
// server that forwards every other session.
func TestPodProcessesRunBelowTheServer(t *testing.T) {
	in := protoServer(t, localcci.Options{})
	out, _, status, _ := rawExec(t, in.URL, in.Token(), cciapi.ProtocolV5, "nice; sh -c nice", false)
	if got := strings.Fields(string(out)); len(got) != 2 || got[0] != "10" || got[1] != "10" {
		t.Fatalf("niceness of the command and its child: %q (status %s), want 10 and 10", out, status)
	}
}

// TestPodSessionsRunBelowTheServer: a tty exec is a session of its own, and under the kernel's
// autogroup scheduling a session is weighed by its group's nice, not its tasks': the group
// must be at nice 10 too, or 100 flooding pods each weigh as much as the server and the UI. The
// server sets it just after the start, so the command waits up to half a second to see it.
func TestPodSessionsRunBelowTheServer(t *testing.T) {
	if _, err := os.Stat("/proc/self/autogroup"); err != nil {
		t.Skip("no autogroup scheduling here:", err)
	}
	in := protoServer(t, localcci.Options{})
	c, err := cciapi.NewClient(cciapi.Config{Endpoint: in.URL, Auth: cciapi.TokenAuth(in.Token())})
	if err != nil {
		t.Fatal(err)
	}
	out, code, err := clientExec(t, c, cciapi.ExecOptions{Command: []string{"sh", "-c", "for i in 1 2 3 4 5 6 7 8 9 10; do grep -q ' nice 10' /proc/self/autogroup && break; sleep 0.05; done; cat /proc/self/autogroup"}, Stdout: true, TTY: true, InitialWidth: 80, InitialHeight: 24})
	if err != nil || code != 0 || !strings.HasSuffix(strings.TrimSpace(string(out)), " nice 10") {
		t.Fatalf("the tty session's autogroup: %q (exit %d, err %v), want nice 10", out, code, err)
	}
}
