package cciapi_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/cciapi/localcci"
)

// authClock is a settable clock shared by the local server and the client under test.
type authClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *authClock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *authClock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// memCache is an in-memory cciapi.TokenCache.
type memCache struct {
	mu      sync.Mutex
	token   string
	expires time.Time
	stores  int
}

func (m *memCache) LoadToken() (string, time.Time, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.token, m.expires, m.token != ""
}

func (m *memCache) StoreToken(t string, e time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.token, m.expires = t, e
	m.stores++
	return nil
}

// countingTransport counts IAM token requests going through the real default transport.
type countingTransport struct{ n atomic.Int32 }

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, "/auth/tokens") {
		c.n.Add(1)
	}
	return http.DefaultTransport.RoundTrip(r)
}

var authUsers = []localcci.IAMUser{
	{Name: "alice", ID: "u-alice", Domain: "ACME", Password: "alice-pw", Projects: []string{"eu-de"}},
	{Name: "mfa", ID: "u-mfa", Domain: "ACME", Password: "mfa-pw", TOTP: true},
}

func startAuthServer(t *testing.T, clk *authClock) *localcci.Instance {
	t.Helper()
	opts := localcci.Options{Fixture: localcci.DefaultFixture(), WorkDir: t.TempDir(), IAMUsers: authUsers,
		AccessKeys: map[string]string{"AKLOCAL": "SKLOCAL"}}
	if clk != nil {
		opts.Now = clk.Now
	}
	in, err := localcci.Start(opts, "", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = in.Close() })
	return in
}

// get sends an authorized GET of the namespace list and returns the status code.
func get(t *testing.T, in *localcci.Instance, a cciapi.Authorizer) int {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), "GET", in.URL+cciapi.APIPrefix+"/namespaces?limit=10", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Authorize(req); err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func TestIAMPasswordTokenCachedAndReused(t *testing.T) {
	clk := &authClock{t: time.Now()}
	in := startAuthServer(t, clk)
	ct := &countingTransport{}
	cache := &memCache{}
	cfg := cciapi.IAMPassword{Endpoint: in.URL + "/v3", User: "alice", Domain: "ACME", Password: "alice-pw", ProjectName: "eu-de",
		Cache: cache, HTTP: &http.Client{Transport: ct}, Now: clk.Now}
	a, err := cciapi.NewIAMTokenAuth(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c, err := cciapi.NewClient(cciapi.Config{Endpoint: in.URL, Auth: a})
	if err != nil {
		t.Fatal(err)
	}
	nss, err := c.ListNamespaces(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(nss) == 0 {
		t.Fatal("no namespaces")
	}
	if _, err := c.ListNamespaces(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := ct.n.Load(); n != 1 || cache.stores != 1 {
		t.Fatalf("IAM requests %d, cache stores %d; want 1 and 1", n, cache.stores)
	}
	// A second Authorizer (a new run) takes the token from the cache without asking IAM.
	b, _ := cciapi.NewIAMTokenAuth(cfg)
	if code := get(t, in, b); code != 200 {
		t.Fatalf("cached token: %d", code)
	}
	if n := ct.n.Load(); n != 1 {
		t.Fatalf("cache not used: %d IAM requests", n)
	}
	// 23h56m later the token is within 5 minutes of expiry: a new one is fetched.
	clk.Add(24*time.Hour - 4*time.Minute)
	if code := get(t, in, b); code != 200 {
		t.Fatalf("after refetch: %d", code)
	}
	if n := ct.n.Load(); n != 2 || cache.stores != 2 {
		t.Fatalf("IAM requests %d, stores %d after near-expiry; want 2, 2", n, cache.stores)
	}
	// Past its expiry the server refuses the old token.
	old, exp, _ := cache.LoadToken()
	clk.Add(25 * time.Hour)
	if code := get(t, in, cciapi.TokenAuth(old)); code != 401 {
		t.Fatalf("expired token (exp %v) accepted: %d", exp, code)
	}
}

func TestIAMRefreshAfter401(t *testing.T) {
	in := startAuthServer(t, nil)
	cache := &memCache{token: "revoked-token", expires: time.Now().Add(10 * time.Hour)}
	a, err := cciapi.NewIAMTokenAuth(cciapi.IAMPassword{Endpoint: in.URL + "/v3", User: "alice", Domain: "ACME", Password: "alice-pw", ProjectName: "eu-de", Cache: cache})
	if err != nil {
		t.Fatal(err)
	}
	if code := get(t, in, a); code != 401 {
		t.Fatalf("revoked cached token gave %d", code)
	}
	var r cciapi.Refresher = a
	if err := r.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if code := get(t, in, a); code != 200 {
		t.Fatalf("after Refresh: %d", code)
	}
	if cache.token == "revoked-token" {
		t.Fatal("refreshed token not cached")
	}
}

func TestIAMMFAPromptFlow(t *testing.T) {
	in := startAuthServer(t, nil)
	ct := &countingTransport{}
	var asked []string
	prompt := func(_ context.Context, q string) (string, error) {
		asked = append(asked, q)
		return localcci.TestPasscode + "\n", nil
	}
	a, err := cciapi.NewIAMTokenAuth(cciapi.IAMPassword{Endpoint: in.URL + "/v3", User: "mfa", Domain: "ACME", Password: "mfa-pw",
		ProjectName: "eu-de", Prompt: prompt, HTTP: &http.Client{Transport: ct}})
	if err != nil {
		t.Fatal(err)
	}
	if code := get(t, in, a); code != 200 {
		t.Fatalf("after MFA: %d", code)
	}
	if len(asked) != 1 || !strings.Contains(asked[0], "MFA passcode for mfa") || ct.n.Load() != 2 {
		t.Fatalf("prompts %q, IAM requests %d", asked, ct.n.Load())
	}

	// OS_PASSCODE with a known user id: one request, no prompt.
	ct2 := &countingTransport{}
	b, _ := cciapi.NewIAMTokenAuth(cciapi.IAMPassword{Endpoint: in.URL + "/v3", User: "mfa", UserID: "u-mfa", Domain: "ACME", Password: "mfa-pw",
		ProjectName: "eu-de", Passcode: localcci.TestPasscode, HTTP: &http.Client{Transport: ct2}})
	if _, err := b.Login(context.Background()); err != nil || ct2.n.Load() != 1 {
		t.Fatalf("passcode up front: %v, %d requests", err, ct2.n.Load())
	}

	// A wrong passcode and no way to ask are clear errors.
	wrong, _ := cciapi.NewIAMTokenAuth(cciapi.IAMPassword{Endpoint: in.URL + "/v3", User: "mfa", Domain: "ACME", Password: "mfa-pw",
		ProjectName: "eu-de", Prompt: func(context.Context, string) (string, error) { return "000000", nil }})
	if _, err := wrong.Login(context.Background()); err == nil || !strings.Contains(err.Error(), "MFA verification code is wrong") {
		t.Fatalf("wrong passcode: %v", err)
	}
	none, _ := cciapi.NewIAMTokenAuth(cciapi.IAMPassword{Endpoint: in.URL + "/v3", User: "mfa", Domain: "ACME", Password: "mfa-pw", ProjectName: "eu-de"})
	if _, err := none.Login(context.Background()); err == nil || !strings.Contains(err.Error(), "OS_PASSCODE") {
		t.Fatalf("no prompt: %v", err)
	}
}

func TestIAMErrorsAreOneLineWithoutSecrets(t *testing.T) {
	in := startAuthServer(t, nil)
	cases := []struct {
		cfg  cciapi.IAMPassword
		want string
	}{
		{cciapi.IAMPassword{User: "alice", Domain: "ACME", Password: "WRONG-pw-123", ProjectName: "eu-de"}, "IAM refused the login: The username or password is wrong. (401 Unauthorized): check"},
		{cciapi.IAMPassword{User: "alice", Domain: "ACME", Password: "alice-pw", ProjectName: "eu-nl"}, "The user has no access to the requested project. (401 Unauthorized, IAM.0004)"},
	}
	for _, tc := range cases {
		tc.cfg.Endpoint = in.URL + "/v3"
		a, err := cciapi.NewIAMTokenAuth(tc.cfg)
		if err != nil {
			t.Fatal(err)
		}
		_, err = a.Login(context.Background())
		var ie *cciapi.IAMError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.want) {
			t.Fatalf("got %v, want %q", err, tc.want)
		}
		if strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), tc.cfg.Password.Reveal()) {
			t.Fatalf("bad error text %q", err)
		}
	}
	if _, err := cciapi.NewIAMTokenAuth(cciapi.IAMPassword{Endpoint: "https://iam", User: "u", Domain: "d", Password: "p"}); err == nil || !strings.Contains(err.Error(), "project") {
		t.Fatalf("missing project: %v", err)
	}
}

func TestIAMRefusesPlainHTTPToRemoteHost(t *testing.T) {
	_, err := cciapi.NewIAMTokenAuth(cciapi.IAMPassword{Endpoint: "http://iam.example.com/v3", User: "u", Domain: "d", Password: "p", ProjectName: "x"})
	if err == nil || !strings.Contains(err.Error(), "plain http") {
		t.Fatal(err)
	}
}

func TestRetryOn401RefreshesOnce(t *testing.T) {
	in := startAuthServer(t, nil)
	ct := &countingTransport{}
	cache := &memCache{token: "revoked", expires: time.Now().Add(time.Hour)}
	a, _ := cciapi.NewIAMTokenAuth(cciapi.IAMPassword{Endpoint: in.URL + "/v3", User: "alice", Domain: "ACME", Password: "alice-pw",
		ProjectName: "eu-de", Cache: cache, HTTP: &http.Client{Transport: ct}})
	c, _ := cciapi.NewClient(cciapi.Config{Endpoint: in.URL, Auth: a})
	calls := 0
	err := cciapi.RetryOn401(context.Background(), a, func() error {
		calls++
		_, err := c.ListNamespaces(context.Background())
		return err
	})
	// The REST client refreshes a revoked token by itself (once), so the outer retry is not
	// needed any more: one call, one IAM request.
	if err != nil || calls != 1 || ct.n.Load() != 1 {
		t.Fatalf("err %v, calls %d, IAM requests %d", err, calls, ct.n.Load())
	}
	// A fixed token is not refreshable: the 401 comes back after one call.
	fixed := cciapi.TokenAuth("nope")
	c2, _ := cciapi.NewClient(cciapi.Config{Endpoint: in.URL, Auth: fixed})
	calls = 0
	err = cciapi.RetryOn401(context.Background(), fixed, func() error {
		calls++
		_, err := c2.ListNamespaces(context.Background())
		return err
	})
	if !cciapi.IsUnauthorized(err) || calls != 1 {
		t.Fatalf("fixed token: %v after %d calls", err, calls)
	}
}
