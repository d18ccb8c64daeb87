package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/podmux/podmux/cciapi/localcci"
	"github.com/podmux/podmux/config"
)

var authTestUsers = []localcci.IAMUser{
	{Name: "alice", ID: "u-alice", Domain: "ACME", Password: "alice-SECRET-pw"},
	{Name: "mfa", ID: "u-mfa", Domain: "ACME", Password: "mfa-SECRET-pw", TOTP: true},
}

var authSecrets = []string{"alice-SECRET-pw", "mfa-SECRET-pw", "SK-SECRET-local", "tok-SECRET-fixed", localcci.TestPasscode}

func startAuthLocal(t *testing.T) *localcci.Instance {
	t.Helper()
	in, err := localcci.Start(localcci.Options{Token: "tok-SECRET-fixed", WorkDir: t.TempDir(), IAMUsers: authTestUsers,
		AccessKeys: map[string]string{"AKLOCAL01": "SK-SECRET-local"}, Projects: map[string]string{"eu-de": "pid-eu-de"}}, "", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = in.Close() })
	return in
}

func authEnv(t *testing.T, vars map[string]string) config.Env {
	root := t.TempDir()
	return config.Env{
		Getenv: func(k string) string { return vars[k] }, Home: filepath.Join(root, "home"),
		ConfigHome: filepath.Join(root, "config"), CacheHome: filepath.Join(root, "cache"),
		RunCommand: func(_ context.Context, cmd string) (string, error) {
			if cmd == "print-alice-pw" {
				return "alice-SECRET-pw\n", nil
			}
			return "", errors.New("exit status 1")
		},
	}
}

func runStatus(t *testing.T, g *Globals, env config.Env, prompt func(context.Context, string) (string, error)) (string, error) {
	t.Helper()
	var out, warn bytes.Buffer
	err := (&AuthStatusCmd{}).status(context.Background(), g, env, prompt, &out, &warn)
	all := out.String() + warn.String()
	if err != nil {
		all += err.Error()
	}
	for _, s := range authSecrets {
		if strings.Contains(all, s) {
			t.Fatalf("output shows secret %q:\n%s", s, all)
		}
	}
	return out.String() + warn.String(), err
}

func wantLines(t *testing.T, out string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Fatalf("output lacks %q:\n%s", w, out)
		}
	}
}

func TestAuthStatusToken(t *testing.T) {
	in := startAuthLocal(t)
	out, err := runStatus(t, &Globals{Endpoint: in.URL, Token: in.Token()}, authEnv(t, nil), nil)
	if err != nil {
		t.Fatal(err, out)
	}
	wantLines(t, out, "Endpoint:  "+in.URL, "Method:    token (X-Auth-Token)", "Source:    flag --token", "TLS:       none (plain http to loopback)", "Check:     ok: listed")
	out, err = runStatus(t, &Globals{Endpoint: in.URL}, authEnv(t, map[string]string{"OS_AUTH_TOKEN": "bad-token"}), nil)
	if !errors.Is(err, ExitError{Code: 1}) {
		t.Fatalf("bad token: %v", err)
	}
	wantLines(t, out, "Source:    environment OS_AUTH_TOKEN", "Check:     FAILED:", "401")
}

func TestAuthStatusPasswordEnvAndCache(t *testing.T) {
	in := startAuthLocal(t)
	env := authEnv(t, map[string]string{"OS_USERNAME": "alice", "OS_PASSWORD": "alice-SECRET-pw", "OS_USER_DOMAIN_NAME": "ACME",
		"OS_PROJECT_NAME": "eu-de", "OS_AUTH_URL": in.URL + "/v3"})
	g := &Globals{Endpoint: in.URL}
	out, err := runStatus(t, g, env, nil)
	if err != nil {
		t.Fatal(err, out)
	}
	wantLines(t, out, "IAM:       "+in.URL+"/v3", "Method:    IAM password login as alice (account ACME, project eu-de)",
		"Source:    environment OS_USERNAME/OS_PASSWORD", "Token:     none cached", "Check:     ok")
	cache := filepath.Join(env.CacheHome, "podmux", "tokens", "default.json")
	st, err := os.Stat(cache)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("token cache %v %v", st, err)
	}
	out, _ = runStatus(t, g, env, nil)
	wantLines(t, out, "Token:     cached in "+cache)
	// A wrong password is a clear failure.
	bad := authEnv(t, map[string]string{"OS_USERNAME": "alice", "OS_PASSWORD": "nope", "OS_DOMAIN_NAME": "ACME", "OS_PROJECT_NAME": "eu-de", "OS_AUTH_URL": in.URL + "/v3"})
	out, err = runStatus(t, g, bad, nil)
	if err == nil {
		t.Fatal("wrong password passed")
	}
	wantLines(t, out, "Check:     FAILED:", "IAM refused the login: The username or password is wrong.")
}

func TestAuthStatusAKSK(t *testing.T) {
	in := startAuthLocal(t)
	env := authEnv(t, map[string]string{"HUAWEICLOUD_SDK_AK": "AKLOCAL01", "HUAWEICLOUD_SDK_SK": "SK-SECRET-local", "HUAWEICLOUD_SDK_PROJECT_ID": "p-1"})
	out, err := runStatus(t, &Globals{Endpoint: in.URL}, env, nil)
	if err != nil {
		t.Fatal(err, out)
	}
	wantLines(t, out, "Method:    AK/SK signature (SDK-HMAC-SHA256), access key AKLO*****, project id p-1",
		"Source:    environment HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK", "Check:     ok")
	// Without a project id, the signer looks it up at IAM (OS_AUTH_URL) by the region's name.
	lookup := authEnv(t, map[string]string{"OS_ACCESS_KEY": "AKLOCAL01", "OS_SECRET_KEY": "SK-SECRET-local", "OS_AUTH_URL": in.URL + "/v3", "OS_REGION_NAME": "eu-de"})
	out, err = runStatus(t, &Globals{Endpoint: in.URL}, lookup, nil)
	if err != nil {
		t.Fatal(err, out)
	}
	wantLines(t, out, "project id looked up for eu-de", "Source:    environment OS_ACCESS_KEY/OS_SECRET_KEY", "Check:     ok")
	bad := authEnv(t, map[string]string{"OS_ACCESS_KEY": "AKLOCAL01", "OS_SECRET_KEY": "wrong", "OS_PROJECT_ID": "p-1"})
	out, err = runStatus(t, &Globals{Endpoint: in.URL}, bad, nil)
	if err == nil {
		t.Fatal("wrong SK passed")
	}
	wantLines(t, out, "Check:     FAILED:", "signature does not match")
}

func TestAuthStatusProfileAndLoginWithMFA(t *testing.T) {
	in := startAuthLocal(t)
	env := authEnv(t, nil)
	cfg := "default_profile: lab\nprofiles:\n  lab:\n    cloud: custom\n    endpoint: " + in.URL + "\n    iam_endpoint: " + in.URL + "/v3\n" +
		"    domain: ACME\n    user: alice\n    project_name: eu-de\n    auth: password\n    password_command: print-alice-pw\n" +
		"  mfa:\n    cloud: custom\n    endpoint: " + in.URL + "\n    iam_endpoint: " + in.URL + "/v3\n" +
		"    domain: ACME\n    user: mfa\n    project_name: eu-de\n    password_command: print-alice-pw\n"
	if err := os.MkdirAll(filepath.Join(env.ConfigHome, "podmux"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(env.ConfigFile(), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := runStatus(t, &Globals{}, env, nil)
	if err != nil {
		t.Fatal(err, out)
	}
	wantLines(t, out, "Profile:   lab", "Cloud:     custom", "Source:    profile lab (password_command)", "Check:     ok")

	// login for the MFA profile: the password command prints alice's password, so use env
	// credentials for the MFA user and answer the passcode prompt from a reader.
	menv := authEnv(t, map[string]string{"OS_USERNAME": "mfa", "OS_PASSWORD": "mfa-SECRET-pw", "OS_DOMAIN_NAME": "ACME", "OS_PROJECT_NAME": "eu-de", "OS_AUTH_URL": in.URL + "/v3"})
	var lout, lwarn bytes.Buffer
	err = (&LoginCmd{}).login(context.Background(), &Globals{Endpoint: in.URL}, menv, lineReaderPrompt(strings.NewReader(localcci.TestPasscode+"\n")), &lout, &lwarn)
	if err != nil {
		t.Fatal(err)
	}
	wantLines(t, lout.String(), "Logged in to "+in.URL+"/v3 as mfa", "Token cached in "+filepath.Join(menv.CacheHome, "podmux", "tokens", "default.json"))
	if strings.Contains(lout.String(), localcci.TestPasscode) {
		t.Fatal("login output shows the passcode")
	}
	// login with AK/SK explains there is nothing to log in to.
	err = (&LoginCmd{}).login(context.Background(), &Globals{Endpoint: in.URL}, authEnv(t, map[string]string{"OS_ACCESS_KEY": "a", "OS_SECRET_KEY": "b"}), nil, &lout, &lwarn)
	if err == nil || !strings.Contains(err.Error(), "need no login") {
		t.Fatal(err)
	}
}

func TestAuthStatusTLS(t *testing.T) {
	dir := t.TempDir()
	cert := filepath.Join(dir, "cert.pem")
	in, err := localcci.StartTLS(localcci.Options{Token: "tok-SECRET-fixed", WorkDir: t.TempDir()}, "127.0.0.1:0", false, cert)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = in.Close() })
	out, err := runStatus(t, &Globals{Endpoint: in.URL, Token: "tok-SECRET-fixed"}, authEnv(t, nil), nil)
	if err == nil {
		t.Fatal("untrusted certificate accepted")
	}
	wantLines(t, out, "TLS:       verified (system roots)", "Check:     FAILED:", "pass --ca-file")
	out, err = runStatus(t, &Globals{Endpoint: in.URL, Token: "tok-SECRET-fixed", CAFile: cert}, authEnv(t, nil), nil)
	if err != nil {
		t.Fatal(err, out)
	}
	wantLines(t, out, "TLS:       verified (system roots + "+cert+")", "Check:     ok")
	out, err = runStatus(t, &Globals{Endpoint: in.URL, Token: "tok-SECRET-fixed", InsecureSkipTLSVerify: true}, authEnv(t, nil), nil)
	if err != nil {
		t.Fatal(err, out)
	}
	wantLines(t, out, "podmux: warning: TLS certificate verification is off", "TLS:       certificate verification OFF (insecure)")
}

func TestConfigCheck(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	if err := checkConfig(filepath.Join(dir, "none.yaml"), &out); err != nil || !strings.Contains(out.String(), "defaults apply") {
		t.Fatal(err, out.String())
	}
	p := filepath.Join(dir, "c.yaml")
	_ = os.WriteFile(p, []byte(exampleConfig()), 0o600)
	out.Reset()
	if err := checkConfig(p, &out); err != nil || !strings.Contains(out.String(), "is valid (3 profile(s))") {
		t.Fatal(err, out.String())
	}
	_ = os.WriteFile(p, []byte("ui:\n  colour: red\n"), 0o600)
	if err := checkConfig(p, &out); err == nil || !strings.Contains(err.Error(), "line 2: ui.colour: unknown key") {
		t.Fatal(err)
	}
}

func TestServeTLSThenAuthStatusWithCAFile(t *testing.T) {
	cert := filepath.Join(t.TempDir(), "serve-cert.pem")
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- (&ServeCmd{Listen: "127.0.0.1:0", TLS: true, CertFile: cert}).serve(ctx, &Globals{Token: "tok-SECRET-fixed"}, pw)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	url := ""
	for sc.Scan() {
		line := sc.Text()
		if u, ok := strings.CutPrefix(strings.TrimSpace(line), "URL:"); ok {
			url = strings.TrimSpace(u)
		}
		if strings.Contains(line, "--ca-file "+cert) {
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if !strings.HasPrefix(url, "https://127.0.0.1:") {
		t.Fatalf("banner URL %q", url)
	}
	out, err := runStatus(t, &Globals{Endpoint: url, Token: "tok-SECRET-fixed", CAFile: cert}, authEnv(t, nil), nil)
	if err != nil {
		t.Fatal(err, out)
	}
	wantLines(t, out, "Check:     ok")
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// lineReaderPrompt answers prompts from r, one line each (tests and piped input).
func lineReaderPrompt(r io.Reader) func(context.Context, string) (string, error) {
	br := bufio.NewReader(r)
	return func(context.Context, string) (string, error) {
		s, err := br.ReadString('\n')
		if err != nil && s == "" {
			return "", err
		}
		return strings.TrimSpace(s), nil
	}
}

// The TLS line tells the truth about plain http to a host that is not loopback (issue 15 item
// 6: it said "plain http to loopback" and then failed).
func TestAuthStatusPlainHTTPToRemoteHost(t *testing.T) {
	out, err := runStatus(t, &Globals{Endpoint: "http://example.com", Token: "tok-SECRET-fixed"}, authEnv(t, nil), nil)
	if err == nil {
		t.Fatalf("plain http to example.com passed:\n%s", out)
	}
	if strings.Contains(out, "(plain http to loopback)") {
		t.Fatalf("the TLS line calls example.com loopback:\n%s", out)
	}
	wantLines(t, out, "TLS:       none: plain http to example.com, which podmux refuses", "Check:     FAILED: endpoint")
	in := startAuthLocal(t)
	out, err = runStatus(t, &Globals{Endpoint: in.URL, Token: in.Token()}, authEnv(t, nil), nil)
	if err != nil {
		t.Fatal(err, out)
	}
	wantLines(t, out, "TLS:       none (plain http to loopback)")
}

// Without any credentials auth status still shows the endpoints, the TLS mode and every source
// it looked at, then fails (issue 15 item 6: it printed only the error).
func TestAuthStatusWithoutCredentialsShowsWhereItLooked(t *testing.T) {
	env := authEnv(t, map[string]string{"OS_REGION_NAME": "eu-nl"})
	out, err := runStatus(t, &Globals{}, env, nil)
	if !errors.Is(err, config.ErrNoCredentials) {
		t.Fatalf("error %v", err)
	}
	wantLines(t, out,
		"Cloud:     otc (region eu-nl)",
		"Endpoint:  https://cci.eu-nl.otc.t-systems.com",
		"IAM:       https://iam.eu-nl.otc.t-systems.com/v3",
		"Method:    none: no credentials found",
		"Looked at: flag --token: not given",
		"environment PODMUX_TOKEN, OS_TOKEN, OS_AUTH_TOKEN: not set",
		"environment OS_ACCESS_KEY/OS_SECRET_KEY: not set",
		"environment HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK: not set",
		"environment OS_USERNAME/OS_PASSWORD: not set",
		"config file "+env.ConfigFile()+": none, so no profile",
		"clouds.yaml: OS_CLOUD not set",
		"file "+filepath.Join(env.Home, ".huaweicloud", "credentials")+": not found",
		"TLS:       verified (system roots)",
	)
}
