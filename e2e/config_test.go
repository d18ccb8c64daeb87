package e2e

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runPodmux runs the binary to its end with HOME and XDG dirs under home; it returns stdout,
// stderr and the exit code.
func runPodmux(t *testing.T, home string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+home+"/config",
		"XDG_STATE_HOME="+home+"/state", "XDG_CACHE_HOME="+home+"/cache", "TMPDIR="+runTempDir(t))
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	return out.String(), errOut.String(), cmd.ProcessState.ExitCode()
}

// A key config startup refuses, config check refuses too, with the same lines (issue 15 item 1:
// the example's own hint split_right passed config check and stopped podmux from starting).
func TestConfigCheckAndStartupAgree(t *testing.T) {
	home := t.TempDir()
	dir := filepath.Join(home, "config", "podmux")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	doc := "ui:\n  prefix: ctrl+nonsense\n  keys:\n    split_right: [\"%\", \"|\"]\nrecording:\n  max_age: 3d\n"
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	_, checkErr, code := runPodmux(t, home, "config", "check")
	if code == 0 {
		t.Fatalf("config check passed:\n%s", checkErr)
	}
	for _, want := range []string{
		"3 problems:",
		"line 2: ui.prefix: key \"ctrl+nonsense\"",
		"line 4: ui.keys.split_right: unknown key action \"split_right\" (did you mean \"prefix.split_right\"?)",
		"line 6: recording.max_age: \"3d\" is not a duration (no d unit); write it like max_age: 72h",
	} {
		if !strings.Contains(checkErr, want) {
			t.Errorf("config check does not say %q:\n%s", want, checkErr)
		}
	}
	_, startErr, code := runPodmux(t, home, "--demo")
	if code == 0 || startErr != checkErr {
		t.Fatalf("startup (exit %d) says:\n%s\nconfig check says:\n%s", code, startErr, checkErr)
	}
}

// Keys are rebound by action name in the config file, as the README says: ui.prefix and
// ui.keys prefix.split_right take effect, and the old key no longer splits.
func TestRebindByActionName(t *testing.T) {
	home := t.TempDir()
	dir := filepath.Join(home, "config", "podmux")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	doc := "ui:\n  prefix: ctrl+a\n  keys:\n    prefix.split_right: [\"|\"]\n"
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	s := startHome(t, home, 160, 40, "--demo")
	s.waitText("namespaces")
	s.send("/shop" + enter)
	s.waitText("pods in shop")
	s.send(tab)
	openCartShell(s)
	s.waitText("root@cart")
	s.send("\x01|") // ctrl+a |
	s.waitText("pick a pod")
	s.send(enter)
	s.waitFor("two panes side by side", func(l []string) bool { return boxesOnRow(l, 1) == 2 })
	s.send("\x01%") // the old key is not bound any more
	s.waitText("ctrl+a % is not bound")
}

// When its terminal goes away (SIGHUP: the window closed, tmux kill-server) podmux quits and
// cleans up like on SIGTERM: the demo server's working directory does not stay behind in the
// temporary directory (issue 15 item 11).
func TestHangupCleansUp(t *testing.T) {
	s := start(t, 120, 40, "--demo", "--no-record")
	s.waitText("namespaces")
	s.send("/shop" + enter)
	s.waitText("pods in shop")
	s.send(tab)
	openCartShell(s)
	s.waitText("root@cart")
	if dirs, _ := filepath.Glob(filepath.Join(s.tmp, "podmux-localcci-*")); len(dirs) != 1 {
		t.Fatalf("work dirs while running: %v", dirs)
	}
	if err := s.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	if !s.exited(10 * time.Second) {
		t.Fatal("podmux did not quit on SIGHUP")
	}
	_, _ = s.cmd.Process.Wait()
	if dirs, _ := filepath.Glob(filepath.Join(s.tmp, "podmux-*")); len(dirs) != 0 {
		t.Fatalf("left behind after SIGHUP: %v", dirs)
	}
}
