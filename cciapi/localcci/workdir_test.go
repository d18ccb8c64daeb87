package localcci

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// A server removes the working directories that servers killed before their cleanup left in
// the temporary directory, and only those (issue 15 item 11).
func TestStaleWorkDirsOfDeadProcessesAreRemoved(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no process check")
	}
	tmp := t.TempDir()
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	deadPid := dead.ProcessState.Pid()
	mk := func(name string) string {
		p := filepath.Join(tmp, name)
		if err := os.MkdirAll(filepath.Join(p, "ns", "pod"), 0o700); err != nil {
			t.Fatal(err)
		}
		return p
	}
	stale := mk(fmt.Sprintf("podmux-localcci-%d-123", deadPid))
	mine := mk(fmt.Sprintf("podmux-localcci-%d-456", os.Getpid()))
	live := mk(fmt.Sprintf("podmux-localcci-%d-789", os.Getppid()))
	oldStyle := mk("podmux-localcci-1234567")
	other := mk("podmux-e2e-42")
	target := mk("target")
	link := filepath.Join(tmp, fmt.Sprintf("podmux-localcci-%d-999", deadPid))
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	removed := removeStaleWorkDirs(tmp)
	if len(removed) != 1 || removed[0] != stale {
		t.Fatalf("removed %v, want only %s", removed, stale)
	}
	for _, keep := range []string{mine, live, oldStyle, other, target, link} {
		if _, err := os.Lstat(keep); err != nil {
			t.Errorf("%s was removed: %v", keep, err)
		}
	}
}

// The working directory a server makes names its process, and Close removes it.
func TestTempWorkDirNamesThePidAndIsRemoved(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	in, err := Start(Options{}, "", false)
	if err != nil {
		t.Fatal(err)
	}
	dir, err := in.Server.podDir("ns", "pod")
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(os.TempDir(), fmt.Sprintf("podmux-localcci-%d-", os.Getpid()))
	if len(dir) < len(want) || dir[:len(want)] != want {
		t.Fatalf("work dir %s, want it under %s…", dir, want)
	}
	_ = in.Close()
	if ents, _ := filepath.Glob(filepath.Join(os.TempDir(), "podmux-*")); len(ents) != 0 {
		t.Fatalf("left behind: %v", ents)
	}
}
