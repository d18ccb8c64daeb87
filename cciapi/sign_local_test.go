package cciapi_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/cciapi/localcci"
)

func TestAKSKListAndExecAgainstLocalVerifier(t *testing.T) {
	in := startAuthServer(t, nil)
	signer := &cciapi.AKSKSigner{AK: "AKLOCAL", SK: "SKLOCAL", ProjectID: "p1", SecurityToken: "st"}
	c, err := cciapi.NewClient(cciapi.Config{Endpoint: in.URL, Auth: signer})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	nss, err := c.ListNamespaces(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pods, err := c.ListAllPods(ctx, nss[0].Metadata.Name)
	if err != nil {
		t.Fatal(err)
	}
	var pod *cciapi.Pod
	for i := range pods.Items {
		if pods.Items[i].Status.Phase == "Running" {
			pod = &pods.Items[i]
			break
		}
	}
	if pod == nil {
		t.Fatalf("no running pod in %s", nss[0].Metadata.Name)
	}
	st, err := c.Exec(ctx, cciapi.ExecOptions{Namespace: pod.Metadata.Namespace, Pod: pod.Metadata.Name,
		Container: pod.Spec.Containers[0].Name, Command: []string{"sh", "-c", "echo signed-exec-ok"}, Stdout: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	out, _ := io.ReadAll(st.Stdout())
	code, err := st.Wait()
	if err != nil || code != 0 || !strings.Contains(string(out), "signed-exec-ok") {
		t.Fatalf("exec: %q code %d err %v", out, code, err)
	}

	bad, _ := cciapi.NewClient(cciapi.Config{Endpoint: in.URL, Auth: &cciapi.AKSKSigner{AK: "AKLOCAL", SK: "wrong"}})
	if _, err := bad.ListNamespaces(ctx); !cciapi.IsUnauthorized(err) || !strings.Contains(err.Error(), "signature does not match") {
		t.Fatalf("wrong SK: %v", err)
	}
	if _, err := bad.Exec(ctx, cciapi.ExecOptions{Namespace: pod.Metadata.Namespace, Pod: pod.Metadata.Name, Command: []string{"true"}, Stdout: true}); !cciapi.IsUnauthorized(err) {
		t.Fatalf("exec with wrong SK: %v", err)
	}
	unknown, _ := cciapi.NewClient(cciapi.Config{Endpoint: in.URL, Auth: &cciapi.AKSKSigner{AK: "NOPE", SK: "SKLOCAL"}})
	if _, err := unknown.ListNamespaces(ctx); !cciapi.IsUnauthorized(err) {
		t.Fatalf("unknown AK: %v", err)
	}
}

// send signs req with the local key (at time now), lets tamper change it, and returns the code
// and body of the answer.
func send(t *testing.T, req *http.Request, now time.Time, tamper func(*http.Request)) (int, string) {
	t.Helper()
	s := &cciapi.AKSKSigner{AK: "AKLOCAL", SK: "SKLOCAL", Now: func() time.Time { return now }}
	if err := s.Authorize(req); err != nil {
		t.Fatal(err)
	}
	if tamper != nil {
		tamper(req)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestAKSKTamperedOrSkewedRejected(t *testing.T) {
	in := startAuthServer(t, nil)
	u := in.URL + cciapi.APIPrefix + "/namespaces?limit=5"
	mk := func(method, body string) *http.Request {
		var r io.Reader
		if body != "" {
			r = bytes.NewBufferString(body)
		}
		req, _ := http.NewRequest(method, u, r)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		return req
	}
	now := time.Now()
	if code, body := send(t, mk("GET", ""), now, nil); code != 200 {
		t.Fatalf("untampered: %d %s", code, body)
	}
	cases := []struct {
		name   string
		req    *http.Request
		at     time.Time
		tamper func(*http.Request)
		want   string
	}{
		{"query changed", mk("GET", ""), now, func(r *http.Request) { r.URL.RawQuery = "limit=6" }, "signature does not match"},
		{"path changed", mk("GET", ""), now, func(r *http.Request) { r.URL.Path += "/default" }, "signature does not match"},
		{"signed header changed", mk("GET", ""), now, func(r *http.Request) {
			r.Header.Set("X-Sdk-Date", now.Add(time.Second).UTC().Format(cciapi.SignDateFormat))
		}, "signature does not match"},
		{"body changed", mk("POST", `{"a":1}`), now, func(r *http.Request) { r.Body = io.NopCloser(bytes.NewBufferString(`{"a":2}`)); r.ContentLength = 7 }, "signature does not match"},
		{"16 minutes late", mk("GET", ""), now.Add(-16 * time.Minute), nil, "more than 15m0s away"},
		{"16 minutes early", mk("GET", ""), now.Add(16 * time.Minute), nil, "more than 15m0s away"},
		{"host unsigned", mk("GET", ""), now, func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "SignedHeaders=host;", "SignedHeaders=", 1))
		}, "must sign host"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, body := send(t, tc.req, tc.at, tc.tamper)
			if code != 401 || !strings.Contains(body, tc.want) {
				t.Fatalf("%d %s; want 401 with %q", code, body, tc.want)
			}
		})
	}
}

func TestTLSWithCAFile(t *testing.T) {
	dir := t.TempDir()
	certPath := filepath.Join(dir, "serve-cert.pem")
	in, err := localcci.StartTLS(localcci.Options{Fixture: localcci.DefaultFixture(), WorkDir: t.TempDir()}, "127.0.0.1:0", false, certPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = in.Close() })
	if !strings.HasPrefix(in.URL, "https://127.0.0.1:") {
		t.Fatal(in.URL)
	}
	if b, err := os.ReadFile(certPath); err != nil || !bytes.Contains(b, []byte("BEGIN CERTIFICATE")) {
		t.Fatalf("cert file: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	good, err := cciapi.NewClient(cciapi.Config{Endpoint: in.URL, Auth: cciapi.TokenAuth(in.Token()), CAFile: certPath})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := good.ListNamespaces(ctx); err != nil {
		t.Fatalf("with --ca-file: %v", err)
	}
	// localhost is in the certificate too.
	lh, _ := cciapi.NewClient(cciapi.Config{Endpoint: strings.Replace(in.URL, "127.0.0.1", "localhost", 1), Auth: cciapi.TokenAuth(in.Token()), CAFile: certPath})
	if _, err := lh.ListNamespaces(ctx); err != nil {
		t.Fatalf("localhost: %v", err)
	}
	plain, _ := cciapi.NewClient(cciapi.Config{Endpoint: in.URL, Auth: cciapi.TokenAuth(in.Token())})
	_, err = plain.ListNamespaces(ctx)
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("without --ca-file: %v", err)
	}
	if _, err := localcci.StartTLS(localcci.Options{}, "0.0.0.0:0", false, filepath.Join(dir, "x.pem")); err == nil {
		t.Fatal("non-loopback TLS listen accepted")
	}
}

// headerSpy records the X-Project-Id of CCI requests.
type headerSpy struct{ got []string }

func (h *headerSpy) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasPrefix(r.URL.Path, cciapi.APIPrefix) {
		h.got = append(h.got, r.Header.Get("X-Project-Id"))
	}
	return http.DefaultTransport.RoundTrip(r)
}

func TestAKSKLooksUpProjectID(t *testing.T) {
	in, err := localcci.Start(localcci.Options{Fixture: localcci.DefaultFixture(), WorkDir: t.TempDir(),
		AccessKeys: map[string]string{"AKLOCAL": "SKLOCAL"}, Projects: map[string]string{"eu-de": "pid-eu-de", "eu-nl": "pid-eu-nl"}}, "", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = in.Close() })
	s := &cciapi.AKSKSigner{AK: "AKLOCAL", SK: "SKLOCAL", ProjectName: "eu-de", IAMEndpoint: in.URL + "/v3"}
	spy := &headerSpy{}
	for i := 0; i < 2; i++ {
		req, _ := http.NewRequest("GET", in.URL+cciapi.APIPrefix+"/namespaces", nil)
		if err := s.Authorize(req); err != nil {
			t.Fatal(err)
		}
		resp, err := (&http.Client{Transport: spy}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("status %d", resp.StatusCode)
		}
	}
	if s.ProjectID != "pid-eu-de" || len(spy.got) != 2 || spy.got[0] != "pid-eu-de" || spy.got[1] != "pid-eu-de" {
		t.Fatalf("project id %q, sent %q", s.ProjectID, spy.got)
	}
	bad := &cciapi.AKSKSigner{AK: "AKLOCAL", SK: "SKLOCAL", ProjectName: "xx-nowhere", IAMEndpoint: in.URL + "/v3"}
	req, _ := http.NewRequest("GET", in.URL+cciapi.APIPrefix+"/namespaces", nil)
	if err := bad.Authorize(req); err == nil || !strings.Contains(err.Error(), `0 projects named "xx-nowhere"`) {
		t.Fatal(err)
	}
	wrongKey := &cciapi.AKSKSigner{AK: "AKLOCAL", SK: "nope", ProjectName: "eu-de", IAMEndpoint: in.URL + "/v3"}
	req, _ = http.NewRequest("GET", in.URL+cciapi.APIPrefix+"/namespaces", nil)
	if err := wrongKey.Authorize(req); err == nil || !strings.Contains(err.Error(), "set project_id") {
		t.Fatal(err)
	}
}
