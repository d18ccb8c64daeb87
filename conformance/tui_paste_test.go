package conformance

import (
	"bytes"
	"crypto/sha256"
	"math/rand/v2"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/podmux/podmux/cciapi/localcci"
	"github.com/podmux/podmux/session/term"
)

// TestTUIPasteOnKubernetesServer pastes 100 KiB (bracketed paste, as a terminal sends it) into
// a shell opened in podmux's TUI on a server whose exec is Kubernetes' own code: kube-apiserver's
// v5 translator in front of kubelet's ServeExec. The lists the UI needs come from podmux's local
// server behind the same address. The remote `cat` must write every byte.
func TestTUIPasteOnKubernetesServer(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	local, err := localcci.Start(localcci.Options{Token: "conformance", WorkDir: t.TempDir()}, "", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = local.Close() })
	kubelet := kubeletServerWith(t, localExecutor{anyContainer: true})
	api := apiServer(t, kubelet)
	lu, _ := url.Parse(local.URL)
	rest := httputil.NewSingleHostReverseProxy(lu)
	front := newResettable(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/exec") {
			api.srv.Config.Handler.ServeHTTP(w, r)
			return
		}
		rest.ServeHTTP(w, r)
	}))

	bin := filepath.Join(t.TempDir(), "podmux")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building podmux: %v\n%s", err, out)
	}
	home := t.TempDir()
	cmd := exec.Command(bin, "--endpoint", front.srv.URL, "--no-record")
	cmd.Env = append(os.Environ(), "TERM=xterm-256color", "HOME="+home, "XDG_CONFIG_HOME="+home+"/config",
		"XDG_STATE_HOME="+home+"/state", "XDG_CACHE_HOME="+home+"/cache", "PODMUX_TOKEN=conformance")
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 120, Rows: 40})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	screen := term.New(120, 40, term.WithReplies(func(p []byte) {
		b := append([]byte(nil), p...)
		go func() { _, _ = ptmx.Write(b) }()
	}))
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 64<<10)
		for {
			n, err := ptmx.Read(buf)
			mu.Lock()
			_, _ = screen.Write(buf[:n])
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = ptmx.Close()
		_, _ = cmd.Process.Wait()
		<-done
	})
	text := func() string {
		mu.Lock()
		defer mu.Unlock()
		return strings.Join(screen.ScreenText(), "\n")
	}
	waitText := func(s string) {
		t.Helper()
		deadline := time.Now().Add(60 * time.Second)
		for !strings.Contains(text(), s) {
			if time.Now().After(deadline) {
				t.Fatalf("no %q on the screen:\n%s", s, text())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	send := func(s string) {
		t.Helper()
		if _, err := ptmx.Write([]byte(s)); err != nil {
			t.Fatal(err)
		}
	}

	waitText("namespaces")
	send("/shop\r")
	waitText("pods in shop")
	send("\t")
	waitText("cart-5c6b7d9f8-qw8rt")
	send("/cart\r")
	send("\r")
	send("echo READY-$((6*7))\r")
	waitText("READY-42")

	var paste bytes.Buffer
	r := rand.New(rand.NewPCG(3, 4))
	for paste.Len() < 100<<10 {
		for i := 0; i < 79; i++ {
			paste.WriteByte("abcdefghijklmnopqrstuvwxyz0123456789 .,;:-_ABCDEFGHIJKLMNOPQRSTUVWXYZ"[r.IntN(69)])
		}
		paste.WriteByte('\n')
	}
	data := paste.Bytes()[:100<<10-1]
	data = append(data, '\n')
	file := filepath.Join(t.TempDir(), "pasted")
	send("stty -echo; cat > " + file + "; stty echo; echo PASTED-$((6*7))\r")
	time.Sleep(500 * time.Millisecond) // cat runs (readline's bracketed paste mode is off again)
	send("\x1b[200~" + string(data) + "\x1b[201~")
	deadline := time.Now().Add(60 * time.Second)
	for {
		if fi, err := os.Stat(file); err == nil && fi.Size() >= int64(len(data)) {
			break
		}
		if time.Now().After(deadline) {
			fi, _ := os.Stat(file)
			t.Fatalf("the paste did not arrive in 60 s: %v bytes of %d", fi, len(data))
		}
		time.Sleep(50 * time.Millisecond)
	}
	send("\x04") // ^D at a line start: cat's EOF
	waitText("PASTED-42")
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if sha256.Sum256(got) != sha256.Sum256(data) {
		t.Fatalf("the remote got %d bytes of %d, not byte-exact (first difference at %d)", len(got), len(data), firstDiff(got, data))
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
