package cli_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/podmux/podmux/cciapi/localcci"
)

// protocolServer is execServer speaking only protos, strict about fragmented WebSocket messages
// as Kubernetes' own servers are.
func protocolServer(t *testing.T, protos ...string) *localcci.Instance {
	t.Helper()
	fx := &localcci.Fixture{Namespaces: []localcci.FixtureNamespace{{Name: "test", Pods: []localcci.FixturePod{
		{Name: "box", Containers: []localcci.FixtureContainer{{Name: "main", Image: "busybox"}}},
	}}}}
	in, err := localcci.Start(localcci.Options{Fixture: fx, WorkDir: t.TempDir(), ExecProtocols: protos, WSFragments: localcci.FragmentsReject}, "", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = in.Close() })
	return in
}

// TestExecAutoReachesEveryServerAndEndsStdin: with auto, `podmux exec -i` with piped stdin
// reaches an SPDY-only, a WebSocket-only and a v4-only (no WebSocket stdin close) server, and
// each sees the input end (cat would wait forever otherwise).
func TestExecAutoReachesEveryServerAndEndsStdin(t *testing.T) {
	input := strings.Repeat("0123456789abcdef", 100<<10/16) + "tail" // > 3 WebSocket frames' worth
	for _, protos := range [][]string{
		{localcci.ExecSPDY},
		{localcci.ExecWebSocket},
		{localcci.ExecWebSocketV4, localcci.ExecSPDY},
		{localcci.ExecWebSocket, localcci.ExecSPDY},
	} {
		t.Run(strings.Join(protos, ","), func(t *testing.T) {
			in := protocolServer(t, protos...)
			env := cleanEnv(t, "PODMUX_TOKEN="+in.Token())
			out, errs, code := podmux(t, env, input, "exec", "--endpoint", in.URL, "-i", "-n", "test", "box", "--", "sh", "-c", "cat | wc -c")
			if code != 0 || strings.TrimSpace(out) != strconv.Itoa(len(input)) || errs != "" {
				t.Fatalf("piped stdin: code %d, out %q (want %d), err %q", code, out, len(input), errs)
			}
		})
	}
}

// TestExecForcedSPDY: `--exec-protocol spdy` against the local server: exit code, stderr apart,
// piped stdin; and a WebSocket-only server's refusal is one line and exit 255.
func TestExecForcedSPDY(t *testing.T) {
	in := protocolServer(t)
	env := cleanEnv(t, "PODMUX_TOKEN="+in.Token())
	out, errs, code := podmux(t, env, "", "--exec-protocol", "spdy", "exec", "--endpoint", in.URL, "-n", "test", "box", "--", "sh", "-c", "echo out; echo err >&2; exit 3")
	if code != 3 || out != "out\n" || errs != "err\n" {
		t.Fatalf("spdy exit 3: code %d out %q err %q", code, out, errs)
	}
	out, errs, code = podmux(t, env, "hi\nthere\n", "--exec-protocol", "spdy", "exec", "--endpoint", in.URL, "-i", "-n", "test", "box", "--", "cat")
	if code != 0 || out != "hi\nthere\n" || errs != "" {
		t.Fatalf("spdy piped cat: code %d out %q err %q", code, out, errs)
	}
	ws := protocolServer(t, localcci.ExecWebSocket)
	env = cleanEnv(t, "PODMUX_TOKEN="+ws.Token())
	_, errs, code = podmux(t, env, "", "--exec-protocol", "spdy", "exec", "--endpoint", ws.URL, "-n", "test", "box", "--", "true")
	if code != 255 || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "405") {
		t.Fatalf("spdy to a WebSocket-only server: code %d err %q", code, errs)
	}
}
