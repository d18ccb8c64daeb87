package cli_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tmuxRun runs a tmux command on the test's private server.
func tmuxRun(t *testing.T, sock string, args ...string) string {
	t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", sock}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// waitPane polls the pane until its text contains want.
func waitPane(t *testing.T, sock, want string) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		screen := tmuxRun(t, sock, "capture-pane", "-p", "-t", "exec")
		if strings.Contains(screen, want) {
			return screen
		}
		if time.Now().After(deadline) {
			t.Fatalf("pane never showed %q; it shows:\n%s", want, screen)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestExecCmdTTYInTmux runs `podmux exec -it` in a real terminal (a tmux pane): the remote sees
// the pane's size first, then the new size after the pane is resized; keys go through raw mode;
// the exit status comes back and the terminal is restored (icanon on again) afterwards.
func TestExecCmdTTYInTmux(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (apt-get install -y tmux): skipping the real-terminal exec test")
	}
	in := execServer(t)
	bin := podmuxBinary(t)
	dir := t.TempDir()
	sock := filepath.Join(dir, "tmux.sock")
	remote := `stty size; read x; i=0; while [ "$(stty size)" != "40 120" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done; stty size; echo "got=$x"; exit 7`
	script := filepath.Join(dir, "run.sh")
	body := fmt.Sprintf("#!/bin/sh\n%q --endpoint %q --token %q exec -i -t -n test box -- sh -c %s\necho \"EXIT=$?\"\nstty -a | tr ' ;' '\\n\\n' | grep -x -- '-*icanon'\nsleep 60\n",
		bin, in.URL, in.Token(), shellQuote(remote))
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	tmuxRun(t, sock, "-f", "/dev/null", "new-session", "-d", "-s", "exec", "-x", "100", "-y", "30", script)
	t.Cleanup(func() { _ = exec.Command("tmux", "-S", sock, "kill-server").Run() })

	waitPane(t, sock, "30 100")
	tmuxRun(t, sock, "resize-window", "-t", "exec", "-x", "120", "-y", "40")
	tmuxRun(t, sock, "send-keys", "-t", "exec", "hello", "Enter")
	screen := waitPane(t, sock, "EXIT=")
	for _, want := range []string{"40 120", "got=hello", "EXIT=7"} {
		if !strings.Contains(screen, want) {
			t.Fatalf("pane lacks %q:\n%s", want, screen)
		}
	}
	screen = waitPane(t, sock, "icanon")
	if strings.Contains(screen, "-icanon") {
		t.Fatalf("terminal left in raw mode after podmux exited:\n%s", screen)
	}
}

// shellQuote quotes s for sh.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
