package cli_test

import (
	"bufio"
	"encoding/json"
	"io"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/cciapi/localcci"
)

// logsServer starts the default demo fixture on loopback with a new log line every 100 ms.
func logsServer(t *testing.T, opts localcci.Options) (*localcci.Instance, []string) {
	t.Helper()
	opts.LogInterval = 100 * time.Millisecond
	opts.WorkDir = t.TempDir()
	in, err := localcci.Start(opts, "", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = in.Close() })
	return in, cleanEnv(t, "PODMUX_TOKEN="+in.Token(), "PODMUX_ENDPOINT="+in.URL)
}

func lines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func TestLogsTailPrintsThatManyLines(t *testing.T) {
	_, env := logsServer(t, localcci.Options{})
	out, errs, code := podmux(t, env, "", "logs", "-n", "shop", "web-7d9f8b6c4-x2kqp", "-c", "nginx", "--tail", "5")
	if code != 0 || len(lines(out)) != 5 || errs != "" {
		t.Fatalf("--tail 5: code %d, %d lines %q, stderr %q", code, len(lines(out)), out, errs)
	}
	if strings.Contains(out, "\x1b") {
		t.Fatalf("colour on a pipe: %q", out)
	}
	// No -c on a two-container pod: its default container (the annotation, else the first).
	out, errs, code = podmux(t, env, "", "logs", "-n", "shop", "web-7d9f8b6c4-x2kqp", "--tail", "2", "-t", "--prefix")
	ls := lines(out)
	if code != 0 || len(ls) != 2 {
		t.Fatalf("default container: code %d out %q err %q", code, out, errs)
	}
	if !regexp.MustCompile(`^\[pod/web-7d9f8b6c4-x2kqp/nginx\] \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z `).MatchString(ls[0]) {
		t.Fatalf("--prefix --timestamps line %q", ls[0])
	}
	out, _, code = podmux(t, env, "", "logs", "-n", "shop", "web-7d9f8b6c4-x2kqp", "--all-containers", "--tail", "3", "--prefix")
	if code != 0 || strings.Count(out, "/nginx] ") != 3 || strings.Count(out, "/log-shipper] ") != 3 {
		t.Fatalf("--all-containers: %q", out)
	}
}

func TestLogsErrorsNamePodAndContainer(t *testing.T) {
	_, env := logsServer(t, localcci.Options{})
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"-n", "shop", "nope"}, []string{"shop/nope", `"nope" not found`, "404"}},
		{[]string{"-n", "shop", "web-7d9f8b6c4-x2kqp", "-c", "zzz"}, []string{"web-7d9f8b6c4-x2kqp", "container zzz", "400"}},
		{[]string{"-n", "data", "redis-0", "--previous"}, []string{"redis-0", "container redis", "previous terminated container"}},
		{[]string{"-n", "shop"}, []string{"name a pod, or select pods with -l"}},
		{[]string{"-n", "shop", "-l", "app=web", "-i", "("}, []string{"--include", "not a regular expression"}},
	} {
		out, errs, code := podmux(t, env, "", append([]string{"logs"}, tc.args...)...)
		if code != 1 || out != "" || strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "podmux: ") {
			t.Fatalf("%v: code %d out %q err %q: want one line, exit 1", tc.args, code, out, errs)
		}
		for _, w := range tc.want {
			if !strings.Contains(errs, w) {
				t.Fatalf("%v: error %q does not say %q", tc.args, errs, w)
			}
		}
	}
}

func TestLogsPreviousOfCrashloop(t *testing.T) {
	_, env := logsServer(t, localcci.Options{})
	out, errs, code := podmux(t, env, "", "logs", "-n", "shop", "checkout-6f4d8b7c9-mn3vb", "--previous")
	ls := lines(out)
	if code != 0 || errs != "" || len(ls) < 5 || ls[len(ls)-1] != "exit status 2" || !strings.Contains(out, "panic: cannot reach the database") {
		t.Fatalf("--previous: code %d err %q\n%s", code, errs, out)
	}
}

func TestLogsIncludeExcludeJSON(t *testing.T) {
	_, env := logsServer(t, localcci.Options{})
	base := []string{"logs", "-n", "shop", "-l", "app=web", "-c", "nginx"}
	// The logs grow while the test runs: check what each printed line is, not exact counts.
	all, _, code := podmux(t, env, "", append(base, "-o", "raw", "--tail", "200")...)
	get := 0
	for _, l := range lines(all) {
		if strings.Contains(l, `"GET `) {
			get++
		}
	}
	if code != 0 || len(lines(all)) != 400 || get == 0 || get == 400 {
		t.Fatalf("raw: code %d, %d lines, %d GET", code, len(lines(all)), get)
	}
	inc, _, _ := podmux(t, env, "", append(base, "-o", "raw", "--tail", "200", "-i", `"GET `, "-i", `" 404 `)...)
	exc, _, _ := podmux(t, env, "", append(base, "-o", "raw", "--tail", "200", "-e", `"GET `)...)
	if n := len(lines(inc)); n == 0 || n == 400 {
		t.Fatalf("--include kept %d of 400 lines", n)
	}
	if n := len(lines(exc)); n == 0 || n == 400 {
		t.Fatalf("--exclude kept %d of 400 lines", n)
	}
	for _, l := range lines(inc) {
		if !strings.Contains(l, `"GET `) && !strings.Contains(l, `" 404 `) {
			t.Fatalf("--include printed %q", l)
		}
	}
	for _, l := range lines(exc) {
		if strings.Contains(l, `"GET `) {
			t.Fatalf("--exclude printed %q", l)
		}
	}
	js, _, code := podmux(t, env, "", append(base, "-o", "json", "--tail", "2", "-i", ".")...)
	ls := lines(js)
	if code != 0 || len(ls) != 4 {
		t.Fatalf("json: code %d\n%s", code, js)
	}
	pods := map[string]bool{}
	for _, l := range ls {
		var obj map[string]string
		if err := json.Unmarshal([]byte(l), &obj); err != nil {
			t.Fatalf("not a JSON object: %q", l)
		}
		if obj["namespace"] != "shop" || obj["container"] != "nginx" || obj["message"] == "" || len(obj) != 5 {
			t.Fatalf("json line %q", l)
		}
		if _, err := time.Parse(time.RFC3339Nano, obj["timestamp"]); err != nil {
			t.Fatalf("timestamp %q: %v", obj["timestamp"], err)
		}
		pods[obj["pod"]] = true
	}
	if len(pods) != 2 {
		t.Fatalf("pods %v, want both web pods", pods)
	}
	// Colour only when asked (the output is a pipe), with stable prefixes and highlights.
	col, _, _ := podmux(t, env, "", append(base, "--tail", "1", "--color", "always", "-H", "HTTP")...)
	if !strings.Contains(col, "\x1b[1;31mHTTP\x1b[0m") || !regexp.MustCompile(`\x1b\[\d+mweb-7d9f8b6c4-\w+\x1b\[0m/\x1b\[\d+mnginx\x1b\[0m `).MatchString(col) {
		t.Fatalf("--color always -H: %q", col)
	}
}

// follower runs podmux logs -f in the background, collecting its output lines.
type follower struct {
	cmd  *exec.Cmd
	mu   sync.Mutex
	out  []string
	errs []string
	done chan struct{}
}

func startFollow(t *testing.T, env []string, args ...string) *follower {
	t.Helper()
	f := &follower{cmd: exec.Command(podmuxBinary(t), args...), done: make(chan struct{})}
	f.cmd.Env = env
	stdout, _ := f.cmd.StdoutPipe()
	stderr, _ := f.cmd.StderrPipe()
	if err := f.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	collect := func(r io.Reader, into *[]string) {
		defer wg.Done()
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			f.mu.Lock()
			*into = append(*into, sc.Text())
			f.mu.Unlock()
		}
	}
	wg.Add(2)
	go collect(stdout, &f.out)
	go collect(stderr, &f.errs)
	go func() { wg.Wait(); close(f.done) }()
	t.Cleanup(func() {
		_ = f.cmd.Process.Kill()
		<-f.done
		_ = f.cmd.Wait()
	})
	return f
}

// waitFor polls the collected output until ok holds (or fails after 20 s).
func (f *follower) waitFor(t *testing.T, what string, ok func(out, errs []string) bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		f.mu.Lock()
		out, errs := append([]string{}, f.out...), append([]string{}, f.errs...)
		f.mu.Unlock()
		if ok(out, errs) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not seen\nstdout:\n%s\nstderr:\n%s", what, strings.Join(out, "\n"), strings.Join(errs, "\n"))
		}
		time.Sleep(20 * time.Millisecond) // polling a condition, not synchronising on time
	}
}

// interrupt sends SIGINT and returns the exit code.
func (f *follower) interrupt(t *testing.T) int {
	t.Helper()
	_ = f.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-f.done:
	case <-time.After(10 * time.Second):
		t.Fatal("podmux logs -f did not end on SIGINT")
	}
	_ = f.cmd.Wait()
	return f.cmd.ProcessState.ExitCode()
}

func TestLogsFollowUntilInterrupted(t *testing.T) {
	_, env := logsServer(t, localcci.Options{})
	f := startFollow(t, env, "logs", "-n", "data", "redis-0", "-f", "--tail", "1")
	f.waitFor(t, "new lines", func(out, _ []string) bool { return len(out) >= 6 })
	if code := f.interrupt(t); code != 130 {
		t.Fatalf("exit %d after SIGINT, want 130", code)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.errs) != 0 {
		t.Fatalf("stderr %q", f.errs)
	}
}

// newRunningPod is a pod with one running container, as a test adds it to the server.
func newRunningPod(name string, labels map[string]string) cciapi.Pod {
	now := time.Now().Add(-time.Minute)
	return cciapi.Pod{
		Metadata: cciapi.ObjectMeta{Name: name, Labels: labels, CreationTimestamp: now},
		Spec:     cciapi.PodSpec{Containers: []cciapi.Container{{Name: "app", Image: "busybox"}}},
		Status: cciapi.PodStatus{Phase: "Running", StartTime: &now, ContainerStatuses: []cciapi.ContainerStatus{{
			Name: "app", Ready: true, State: cciapi.ContainerState{Running: &cciapi.ContainerStateRunning{StartedAt: now}}}}},
	}
}

// TestLogsSelectorFollowJoinsAndLeaves: -l SEL -f merges the matching pods' lines with a
// pod/container prefix; a pod that starts matching joins, one deleted leaves; against the
// default shapes, the cci-docs shapes (no watch: polling) and a throttling server.
func TestLogsSelectorFollowJoinsAndLeaves(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts localcci.Options
	}{
		{"default", localcci.Options{}},
		{"cci-docs", localcci.Options{APIShape: localcci.ShapeCCIDocs}},
		{"no-watch", localcci.Options{NoWatch: true}},
		{"throttled", localcci.Options{Throttle: 3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, env := logsServer(t, tc.opts)
			f := startFollow(t, env, "logs", "-n", "shop", "-l", "tier=frontend", "-f", "--tail", "1", "-c", "^(nginx|app)$")
			prefixed := func(out []string, pod string) int {
				n := 0
				for _, l := range out {
					if strings.HasPrefix(l, pod+"/nginx ") || strings.HasPrefix(l, pod+"/app ") {
						n++
					}
				}
				return n
			}
			f.waitFor(t, "both web pods, prefixed", func(out, _ []string) bool {
				return prefixed(out, "web-7d9f8b6c4-x2kqp") >= 3 && prefixed(out, "web-7d9f8b6c4-9hzlm") >= 3
			})
			if err := in.Server.AddPod("shop", newRunningPod("web-late", map[string]string{"tier": "frontend"})); err != nil {
				t.Fatal(err)
			}
			if err := in.Server.AddPod("shop", newRunningPod("other", map[string]string{"tier": "backend"})); err != nil {
				t.Fatal(err)
			}
			f.waitFor(t, "the pod that started matching", func(out, errs []string) bool {
				return prefixed(out, "web-late") >= 2 && strings.Contains(strings.Join(errs, "\n"), "+ web-late/app")
			})
			if err := in.Server.DeletePod("shop", "web-late"); err != nil {
				t.Fatal(err)
			}
			f.waitFor(t, "the deleted pod leaving", func(_, errs []string) bool {
				return strings.Contains(strings.Join(errs, "\n"), "- web-late/app")
			})
			// A pod whose labels stop matching leaves too.
			if err := in.Server.UpdatePod("shop", "web-7d9f8b6c4-9hzlm", func(p *cciapi.Pod) { p.Metadata.Labels["tier"] = "canary" }); err != nil {
				t.Fatal(err)
			}
			f.waitFor(t, "the relabelled pod leaving", func(_, errs []string) bool {
				return strings.Contains(strings.Join(errs, "\n"), "- web-7d9f8b6c4-9hzlm/nginx")
			})
			f.interrupt(t)
			f.mu.Lock()
			defer f.mu.Unlock()
			for _, l := range f.out {
				if strings.HasPrefix(l, "other/") || !strings.HasPrefix(l, "web-") {
					t.Fatalf("line %q: not a matching pod's, or without its prefix", l)
				}
			}
			for _, l := range f.errs {
				if strings.HasPrefix(l, "podmux:") {
					t.Fatalf("error on stderr: %q", l)
				}
			}
		})
	}
}

// TestLogsMaxPodsAndRequests: --max-pods bounds the pods streamed; --max-log-requests 1 still
// prints every stream, one at a time.
func TestLogsMaxPodsAndRequests(t *testing.T) {
	_, env := logsServer(t, localcci.Options{})
	out, _, code := podmux(t, env, "", "logs", "-n", "shop", "-l", "app=web", "--tail", "2", "--max-pods", "1")
	pods := map[string]bool{}
	for _, l := range lines(out) {
		pods[strings.SplitN(l, "/", 2)[0]] = true
	}
	if code != 0 || len(pods) != 1 || len(lines(out)) != 4 {
		t.Fatalf("--max-pods 1: code %d pods %v\n%s", code, pods, out)
	}
	out, _, code = podmux(t, env, "", "logs", "-n", "shop", "-l", "app=web", "--tail", "2", "--max-log-requests", "1")
	if code != 0 || len(lines(out)) != 8 {
		t.Fatalf("--max-log-requests 1: code %d\n%s", code, out)
	}
	// Every namespace (-A): the prefix names the namespace.
	out, _, code = podmux(t, env, "", "logs", "-A", "-l", "statefulset", "--tail", "1", "-c", "^(redis|postgres)$")
	if code != 0 || !strings.Contains(out, "data/redis-0/redis ") || !strings.Contains(out, "data/postgres-0/postgres ") {
		t.Fatalf("-A: code %d\n%s", code, out)
	}
}

// TestLogsSince: --since keeps only recent lines (sinceSeconds).
func TestLogsSince(t *testing.T) {
	_, env := logsServer(t, localcci.Options{})
	all, _, _ := podmux(t, env, "", "logs", "-n", "data", "redis-0")
	recent, errs, code := podmux(t, env, "", "logs", "-n", "data", "redis-0", "--since", "2s", "-t")
	n := len(lines(recent))
	if code != 0 || n == 0 || n >= len(lines(all)) || n > 40 {
		t.Fatalf("--since 2s: code %d, %d lines of %d, err %q", code, n, len(lines(all)), errs)
	}
	for _, l := range lines(recent) {
		ts, err := time.Parse(time.RFC3339Nano, strings.SplitN(l, " ", 2)[0])
		if err != nil || time.Since(ts) > 30*time.Second {
			t.Fatalf("line %q is not recent", l)
		}
	}
}
