package cli_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/podmux/podmux/cciapi/localcci"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// podmuxBinary builds the podmux binary once per test run.
func podmuxBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "podmux-exec-test-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "podmux")
		out, err := exec.Command("go", "build", "-o", binPath, "..").CombinedOutput()
		if err != nil {
			buildErr = err
			binPath = string(out)
		}
	})
	if buildErr != nil {
		t.Fatalf("building podmux: %v\n%s", buildErr, binPath)
	}
	return binPath
}

// execServer starts a local server with one running pod test/box.
func execServer(t *testing.T) *localcci.Instance {
	t.Helper()
	fx := &localcci.Fixture{Namespaces: []localcci.FixtureNamespace{{Name: "test", Pods: []localcci.FixturePod{
		{Name: "box", Containers: []localcci.FixtureContainer{{Name: "main", Image: "busybox"}}},
	}}}}
	in, err := localcci.Start(localcci.Options{Fixture: fx, WorkDir: t.TempDir()}, "", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = in.Close() })
	return in
}

// cleanEnv is a minimal environment with private config and cache directories.
func cleanEnv(t *testing.T, extra ...string) []string {
	home := t.TempDir()
	return append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, "config"), "XDG_CACHE_HOME=" + filepath.Join(home, "cache")}, extra...)
}

// podmux runs the binary with stdin and returns stdout, stderr and the exit status.
func podmux(t *testing.T, env []string, stdin string, args ...string) (string, string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, podmuxBinary(t), args...)
	cmd.Env = env
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("podmux %v: %v", args, err)
		}
		code = ee.ExitCode()
	}
	return out.String(), errb.String(), code
}

func TestExecCmdExitCodesAndPipe(t *testing.T) {
	in := execServer(t)
	env := cleanEnv(t, "PODMUX_TOKEN="+in.Token())
	out, errs, code := podmux(t, env, "", "exec", "--endpoint", in.URL, "-n", "test", "box", "--", "sh", "-c", "echo out; echo err >&2; exit 3")
	if code != 3 || out != "out\n" || errs != "err\n" {
		t.Fatalf("exit 3: code %d out %q err %q", code, out, errs)
	}
	out, errs, code = podmux(t, env, "hi\nthere\n", "exec", "--endpoint", in.URL, "-i", "-n", "test", "box", "--", "cat")
	if code != 0 || out != "hi\nthere\n" || errs != "" {
		t.Fatalf("piped cat: code %d out %q err %q", code, out, errs)
	}
	out, errs, code = podmux(t, env, "", "exec", "--endpoint", in.URL, "-n", "test", "box", "--", "bashx")
	if code != 127 || !strings.Contains(errs, `executable file not found`) || strings.Count(errs, "\n") != 1 {
		t.Fatalf("not found: code %d out %q err %q", code, out, errs)
	}
}

func TestExecCmdErrorsExit255(t *testing.T) {
	in := execServer(t)
	cases := map[string][]string{
		"wrong token": {"--token", "wrong", "exec", "--endpoint", in.URL, "-n", "test", "box", "--", "true"},
		"unknown pod": {"--token", in.Token(), "exec", "--endpoint", in.URL, "-n", "test", "nope", "--", "true"},
		"unreachable": {"--token", "x", "exec", "--endpoint", "http://127.0.0.1:1", "-n", "test", "box", "--", "true"},
	}
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			_, errs, code := podmux(t, cleanEnv(t), "", args...)
			if code != 255 || !strings.HasPrefix(errs, "podmux: ") || strings.Count(errs, "\n") != 1 {
				t.Fatalf("code %d stderr %q, want 255 and one podmux: line", code, errs)
			}
		})
	}
}

func TestExecCmdTTYWithoutTerminal(t *testing.T) {
	in := execServer(t)
	out, errs, code := podmux(t, cleanEnv(t, "PODMUX_TOKEN="+in.Token()), "abc\n",
		"exec", "--endpoint", in.URL, "-i", "-t", "-n", "test", "box", "--", "cat")
	if code != 0 || out != "abc\n" || !strings.Contains(errs, "Unable to use a TTY - input is not a terminal or the right kind of file") {
		t.Fatalf("code %d out %q err %q", code, out, errs)
	}
}

func TestExecCmdDemo(t *testing.T) {
	ns, pod := demoPod(t)
	out, errs, code := podmux(t, cleanEnv(t), "", "--demo", "exec", "-n", ns, pod, "--", "sh", "-c", "echo $CCI_NAMESPACE/$CCI_POD")
	if code != 0 || out != ns+"/"+pod+"\n" {
		t.Fatalf("demo: code %d out %q err %q", code, out, errs)
	}
}

// demoPod picks a pod of the default fixture whose containers all run.
func demoPod(t *testing.T) (string, string) {
	for _, ns := range localcci.DefaultFixture().Namespaces {
		for _, p := range ns.Pods {
			ok := p.Phase == "" || p.Phase == "Running"
			for _, c := range p.Containers {
				ok = ok && (c.State == "" || c.State == "running")
			}
			if ok {
				return ns.Name, p.Name
			}
		}
	}
	t.Skip("the default fixture has no running pod")
	return "", ""
}
