package localcci

import (
	"strings"
	"testing"
)

func TestFleetNamespace(t *testing.T) {
	s, err := New(Options{Fleet: true, WorkDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	pods, _ := s.store.podsLocked(FleetNS)
	if len(pods) != FleetWeb+FleetWorkers {
		t.Fatalf("%d fleet pods, want %d", len(pods), FleetWeb+FleetWorkers)
	}
	files := s.execReg.files
	if files["fleet/web-17"]["VERSION"] != FleetOldVersion+"\n" || files["fleet/web-1"]["VERSION"] != FleetVersion+"\n" {
		t.Errorf("VERSION files: %q %q", files["fleet/web-17"]["VERSION"], files["fleet/web-1"]["VERSION"])
	}
	if _, ok := files["fleet/"+FleetMissingPod]["VERSION"]; ok {
		t.Errorf("%s has a VERSION file", FleetMissingPod)
	}
	// The default fixture is unchanged without Fleet.
	d, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if ps, _ := d.store.podsLocked(FleetNS); len(ps) != 0 {
		t.Errorf("fleet without Options.Fleet: %d pods", len(ps))
	}
}

func TestFixtureFilesMustStayInThePodDir(t *testing.T) {
	_, err := ParseFixture("fx.yaml", []byte("namespaces:\n- name: a\n  pods:\n  - name: p\n    files: {../x: hi}\n    containers: [{name: c}]\n"))
	if err == nil || !strings.Contains(err.Error(), `file "../x" is not a relative path`) {
		t.Errorf("err = %v", err)
	}
}
