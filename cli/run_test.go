package cli_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/podmux/podmux/cciapi/localcci"
)

// execCounter is a middleware in front of the local server that counts exec requests in
// flight (each exec's handler runs until its stream ends) and can refuse some.
type execCounter struct {
	mu       sync.Mutex
	inFlight int
	peak     int
	total    int
	refuse   func(pod string, attempt int) int // HTTP code to refuse with, 0: serve
	attempts map[string]int
}

func (c *execCounter) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/exec") {
			h.ServeHTTP(w, r)
			return
		}
		pod := r.PathValue("name")
		if pod == "" {
			parts := strings.Split(r.URL.Path, "/")
			pod = parts[len(parts)-2]
		}
		c.mu.Lock()
		if c.attempts == nil {
			c.attempts = map[string]int{}
		}
		c.attempts[pod]++
		n := c.attempts[pod]
		refuse := c.refuse
		c.mu.Unlock()
		if refuse != nil {
			if code := refuse(pod, n); code != 0 {
				w.Header().Set("Retry-After", "0")
				localcci.WriteStatus(w, code, http.StatusText(code), "refused by the test")
				return
			}
		}
		c.mu.Lock()
		c.inFlight++
		c.total++
		c.peak = max(c.peak, c.inFlight)
		c.mu.Unlock()
		defer func() {
			c.mu.Lock()
			c.inFlight--
			c.mu.Unlock()
		}()
		h.ServeHTTP(w, r)
	})
}

func (c *execCounter) get() (inFlight, peak, total int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.inFlight, c.peak, c.total
}

// fleetServer starts a local server with the fleet namespace behind an execCounter.
func fleetServer(t *testing.T) (*localcci.Instance, *execCounter) {
	t.Helper()
	c := &execCounter{}
	in, err := localcci.Start(localcci.Options{Fleet: true, WorkDir: t.TempDir(), Middleware: c.wrap}, "", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = in.Close() })
	return in, c
}

func runArgs(in *localcci.Instance, args ...string) []string {
	return append([]string{"run", "--endpoint", in.URL, "--token", in.Token(), "--no-record"}, args...)
}

func TestRunAttributionAllModes(t *testing.T) {
	in, _ := fleetServer(t)
	env := cleanEnv(t)
	cmd := []string{"--", "sh", "-c", `echo "out-$CCI_POD"; echo "err-$CCI_POD" >&2`}

	out, _, code := podmux(t, env, "", runArgs(in, append([]string{"-n", "fleet", "-l", "app=worker", "-o", "prefix"}, cmd...)...)...)
	if code != 0 {
		t.Fatalf("prefix: exit %d", code)
	}
	for i := range localcci.FleetWorkers {
		pod := fmt.Sprintf("worker-%d", i)
		pad := strings.Repeat(" ", len("worker-49")-len(pod))
		if !strings.Contains(out, "\n"+pod+pad+"  │ out-"+pod+"\n") && !strings.HasPrefix(out, pod+pad+"  │ out-"+pod+"\n") {
			t.Errorf("prefix: no attributed stdout line for %s", pod)
		}
		if !strings.Contains(out, pod+pad+" E│ err-"+pod+"\n") {
			t.Errorf("prefix: no attributed stderr line for %s", pod)
		}
	}
	if n := strings.Count(out, "\n"); n != 2*localcci.FleetWorkers {
		t.Errorf("prefix: %d lines, want %d", n, 2*localcci.FleetWorkers)
	}

	out, _, code = podmux(t, env, "", runArgs(in, append([]string{"-n", "fleet", "-l", "app=worker", "-o", "group"}, cmd...)...)...)
	if code != 0 {
		t.Fatalf("group: exit %d", code)
	}
	for i := range localcci.FleetWorkers {
		pod := fmt.Sprintf("worker-%d", i)
		want := pod + " (1)\n" + strings.Repeat("-", max(len(pod+" (1)"), 15)) + "\nout-" + pod + "\n[stderr]\nerr-" + pod + "\n"
		if !strings.Contains(out, want) {
			t.Errorf("group: no block %q", want)
		}
	}

	out, _, code = podmux(t, env, "", runArgs(in, append([]string{"-n", "fleet", "-l", "app=worker", "-o", "json"}, cmd...)...)...)
	if code != 0 {
		t.Fatalf("json: exit %d", code)
	}
	seen := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var rec struct {
			Namespace, Pod, Container, Stdout, Stderr string
			ExitCode                                  *int `json:"exit_code"`
		}
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatalf("json line %q: %v", l, err)
		}
		if rec.Stdout != "out-"+rec.Pod+"\n" || rec.Stderr != "err-"+rec.Pod+"\n" || rec.Namespace != "fleet" ||
			rec.Container != "worker" || rec.ExitCode == nil || *rec.ExitCode != 0 {
			t.Errorf("json: %s", l)
		}
		seen[rec.Pod] = true
	}
	if len(seen) != localcci.FleetWorkers {
		t.Errorf("json: %d pods, want %d", len(seen), localcci.FleetWorkers)
	}
}

func TestRunGroupFoldsAndDiffs(t *testing.T) {
	in, _ := fleetServer(t)
	env := cleanEnv(t)
	out, errOut, code := podmux(t, env, "", runArgs(in, "-n", "fleet", "-l", "tier=fleet", "--diff", "--", "cat", "VERSION")...)
	if code != 1 {
		t.Errorf("exit %d, want 1 (worker-7 has no VERSION)", code)
	}
	for _, want := range []string{
		"web-[0-16,18-141,143-149],worker-[0-6,8-49] (197)\n",
		"\n2.4.1\n",
		"web-[17,142] (2) — diff against web-[0-16,18-141,143-149],worker-[0-6,8-49]\n",
		"--- web-[0-16,18-141,143-149],worker-[0-6,8-49]\n+++ web-[17,142]\n@@ -1 +1 @@\n-2.4.1\n+2.3.9\n",
		"+++ worker-7\n", "+cat: VERSION: No such file or directory\n", "+[exit 1]\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if want := "199 ok, 1 failed (worker-7: exit 1), 0 errors, 0 timed out\n"; !strings.HasSuffix(errOut, want) {
		t.Errorf("summary %q, want %q", errOut, want)
	}
	// Majority first, then by size: the order of the headers.
	i1, i2, i3 := strings.Index(out, "(197)"), strings.Index(out, "(2)"), strings.Index(out, "worker-7 (1)")
	if !(i1 >= 0 && i1 < i2 && i2 < i3) {
		t.Errorf("groups not ordered by size:\n%s", out)
	}
}

func TestRunOutdirAndExitStatus(t *testing.T) {
	in, ctr := fleetServer(t)
	env := cleanEnv(t)
	dir := t.TempDir()
	_, errOut, code := podmux(t, env, "", runArgs(in, "-n", "fleet", "-l", "app=web", "--outdir", dir, "--", "./healthcheck")...)
	if code != 1 {
		t.Errorf("exit %d, want 1 (web-88 exits 2): %s", code, errOut)
	}
	if !strings.Contains(errOut, "149 ok, 1 failed (web-88: exit 2)") {
		t.Errorf("summary: %s", errOut)
	}
	for i := range localcci.FleetWeb {
		pod := fmt.Sprintf("web-%d", i)
		read := func(ext string) string {
			b, err := os.ReadFile(filepath.Join(dir, "fleet", pod+ext))
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
		wantOut, wantErr, wantRC := "ok\n", "", "0\n"
		if pod == localcci.FleetFailingPod {
			wantOut, wantErr, wantRC = "", "disk /data 97% full\n", "2\n"
		}
		if o, e, rc := read(".out"), read(".err"), read(".rc"); o != wantOut || e != wantErr || rc != wantRC {
			t.Errorf("%s: out %q err %q rc %q", pod, o, e, rc)
		}
	}

	if _, _, code := podmux(t, env, "", runArgs(in, "-n", "fleet", "web-1", "web-2", "--", "true")...); code != 0 {
		t.Errorf("all ok: exit %d, want 0", code)
	}
	// A pod whose exec the server refuses (the command never ran): 255.
	ctr.mu.Lock()
	ctr.refuse = func(pod string, _ int) int {
		if pod == "web-2" {
			return http.StatusForbidden
		}
		return 0
	}
	ctr.mu.Unlock()
	_, errOut, code = podmux(t, env, "", runArgs(in, "-n", "fleet", "web-1", "web-2", "web-3", "--", "true")...)
	if code != 255 {
		t.Errorf("refused exec: exit %d, want 255", code)
	}
	if !strings.Contains(errOut, "2 ok, 0 failed, 1 error (web-2: refused by the test)") {
		t.Errorf("summary: %s", errOut)
	}
}

func TestRunRetries429(t *testing.T) {
	in, ctr := fleetServer(t)
	ctr.mu.Lock()
	ctr.refuse = func(pod string, attempt int) int {
		if attempt <= 2 {
			return http.StatusTooManyRequests
		}
		return 0
	}
	ctr.mu.Unlock()
	out, errOut, code := podmux(t, cleanEnv(t), "", runArgs(in, "-n", "fleet", "-l", "app=worker", "-o", "json", "--", "cat", "VERSION")...)
	if code != 1 || !strings.Contains(errOut, "49 ok, 1 failed (worker-7: exit 1), 0 errors") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	if n := strings.Count(out, `"stdout":"2.4.1\n"`); n != 49 {
		t.Errorf("%d pods answered 2.4.1, want 49", n)
	}
	ctr.mu.Lock()
	defer ctr.mu.Unlock()
	for pod, n := range ctr.attempts {
		if n != 3 {
			t.Errorf("%s: %d exec attempts, want 3 (two 429s, then the run)", pod, n)
		}
	}
	if len(ctr.attempts) != localcci.FleetWorkers {
		t.Errorf("%d pods tried, want %d", len(ctr.attempts), localcci.FleetWorkers)
	}
}

func TestRunMaxParallel(t *testing.T) {
	in, ctr := fleetServer(t)
	_, errOut, code := podmux(t, cleanEnv(t), "", runArgs(in, "-n", "fleet", "-l", "app=worker", "--max-parallel", "4", "--", "sleep", "0.1")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, peak, total := in.Server.ExecProcesses(); peak != 4 || total != localcci.FleetWorkers {
		t.Errorf("peak %d concurrent exec processes (want 4), %d in all (want %d)", peak, total, localcci.FleetWorkers)
	}
	if _, _, total := ctr.get(); total != localcci.FleetWorkers {
		t.Errorf("%d exec requests, want %d", total, localcci.FleetWorkers)
	}
	// The default is 16.
	in.Server.ResetExecPeak()
	if _, _, code := podmux(t, cleanEnv(t), "", runArgs(in, "-n", "fleet", "-l", "app=worker", "--", "sleep", "1")...); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if _, peak, _ := in.Server.ExecProcesses(); peak != 16 {
		t.Errorf("default: peak %d concurrent exec processes, want 16", peak)
	}
}

func TestRunStdinReachesEveryPodExactly(t *testing.T) {
	in, _ := fleetServer(t)
	data := make([]byte, 3<<20)
	_, _ = rand.Read(data)
	sum := sha256.Sum256(data)
	want := hex.EncodeToString(sum[:]) + "  -\n"
	out, errOut, code := podmux(t, cleanEnv(t), string(data), runArgs(in, "-n", "fleet", "-l", "app=worker", "-i", "-o", "json", "--", "sha256sum")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if n := strings.Count(out, `"stdout":"`+strings.TrimSuffix(want, "\n")+`\n"`); n != localcci.FleetWorkers {
		t.Errorf("%d pods got the exact stdin, want %d:\n%s", n, localcci.FleetWorkers, out)
	}
}

// procsWith lists the processes whose command line contains marker.
func procsWith(marker string) []string {
	var out []string
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err == nil && bytes.Contains(b, []byte(marker)) {
			out = append(out, e.Name()+": "+strings.ReplaceAll(string(b), "\x00", " "))
		}
	}
	return out
}

// waitNoProcs waits until no process runs with marker and the server has no exec in flight.
func waitNoProcs(t *testing.T, in *localcci.Instance, ctr *execCounter, marker string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		inFlight, _, _ := ctr.get()
		running, _, _ := in.Server.ExecProcesses()
		left := procsWith(marker)
		if inFlight == 0 && running == 0 && len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("left behind: %d execs in flight, %d exec processes, processes %v", inFlight, running, left)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestRunTimeoutLeavesNoProcess(t *testing.T) {
	in, ctr := fleetServer(t)
	marker := "37.4321"
	_, errOut, code := podmux(t, cleanEnv(t), "", runArgs(in, "-n", "fleet", "--timeout", "300ms", "web-1", "web-2", "web-3", "--", "sleep", marker)...)
	if code != 1 || !strings.Contains(errOut, "0 ok, 0 failed, 0 errors, 3 timed out (web-[1-3])") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	waitNoProcs(t, in, ctr, marker)
}

func TestRunInterruptLeavesNoProcess(t *testing.T) {
	in, ctr := fleetServer(t)
	marker := "38.4321"
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, podmuxBinary(t), runArgs(in, "-n", "fleet", "-l", "app=worker", "--", "sleep", marker)...)
	cmd.Env = cleanEnv(t)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		if inFlight, _, _ := ctr.get(); inFlight == 16 && len(procsWith(marker)) >= 16 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the first 16 execs did not start")
		}
		time.Sleep(20 * time.Millisecond)
	}
	_ = cmd.Process.Signal(syscall.SIGINT)
	err := cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 130 {
		t.Errorf("exit %v, want 130; stderr %s", err, errb.String())
	}
	if !strings.Contains(errb.String(), "0 ok, 0 failed, 0 errors, 0 timed out, 50 cancelled") {
		t.Errorf("summary: %s", errb.String())
	}
	waitNoProcs(t, in, ctr, marker)
	if _, _, total := ctr.get(); total != 16 {
		t.Errorf("%d execs started, want 16 (the queued ones never start)", total)
	}
}
