package localcci_test

import (
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
