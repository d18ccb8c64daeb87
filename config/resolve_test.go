package config

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testEnv is an Env over a map and temporary directories; password_command "echo-pw" prints pw.
func testEnv(t *testing.T, vars map[string]string) Env {
	t.Helper()
	root := t.TempDir()
	e := Env{
		Getenv:     func(k string) string { return vars[k] },
		Home:       filepath.Join(root, "home"),
		Dir:        filepath.Join(root, "wd"),
		ConfigHome: filepath.Join(root, "config"),
		CacheHome:  filepath.Join(root, "cache"),
		RunCommand: func(_ context.Context, cmd string) (string, error) {
			if cmd == "echo-pw" {
				return "pw-from-command\n", nil
			}
			return "", errors.New("exit status 1")
		},
	}
	for _, d := range []string{e.Home, e.Dir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

func writeFile(t *testing.T, path, body string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), mode); err != nil {
		t.Fatal(err)
	}
}

const profilesYAML = `
default_profile: otc
profiles:
  otc:
    cloud: otc
    region: eu-de
    domain: OTC-EU-DE-1
    user: alice
    auth: password
    password_command: echo-pw
  hwc:
    cloud: huawei
    region: ap-southeast-1
    project_id: p-hwc
    auth: aksk
`

var allSources = map[string]string{
	"PODMUX_TOKEN":        "tok-podmux",
	"OS_TOKEN":            "tok-os",
	"OS_ACCESS_KEY":       "AK-OS",
	"OS_SECRET_KEY":       "SK-OS",
	"HUAWEICLOUD_SDK_AK":  "AK-HW",
	"HUAWEICLOUD_SDK_SK":  "SK-HW",
	"OS_USERNAME":         "bob",
	"OS_PASSWORD":         "pw-env",
	"OS_USER_DOMAIN_NAME": "DOM",
	"OS_PROJECT_NAME":     "eu-nl",
	"OS_CLOUD":            "mycloud",
}

// TestPrecedence removes the winning source one at a time and checks the next one wins.
func TestPrecedence(t *testing.T) {
	cfg, err := Parse([]byte(profilesYAML))
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{}
	for k, v := range allSources {
		vars[k] = v
	}
	e := testEnv(t, vars)
	writeFile(t, filepath.Join(e.Dir, "clouds.yaml"), "clouds:\n  mycloud:\n    auth:\n      auth_url: https://iam.eu-de.otc.t-systems.com/v3\n      ak: AK-CLOUDS\n      sk: SK-CLOUDS\n", 0o600)
	writeFile(t, filepath.Join(e.Home, ".huaweicloud", "credentials"), "[default]\nak = AK-FILE\nsk = SK-FILE\n", 0o600)
	steps := []struct {
		flagToken     Secret
		drop          []string
		method, check string
		source        string
	}{
		{"tok-flag", nil, MethodToken, "tok-flag", "flag --token"},
		{"", nil, MethodToken, "tok-podmux", "environment PODMUX_TOKEN"},
		{"", []string{"PODMUX_TOKEN"}, MethodToken, "tok-os", "environment OS_TOKEN"},
		{"", []string{"OS_TOKEN"}, MethodAKSK, "AK-OS", "environment OS_ACCESS_KEY/OS_SECRET_KEY"},
		{"", []string{"OS_ACCESS_KEY", "OS_SECRET_KEY"}, MethodAKSK, "AK-HW", "environment HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK"},
		{"", []string{"HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"}, MethodPassword, "bob", "environment OS_USERNAME/OS_PASSWORD"},
		{"", []string{"OS_USERNAME", "OS_PASSWORD"}, MethodPassword, "alice", "profile otc (password_command)"},
		{"", []string{"@profile"}, MethodAKSK, "AK-CLOUDS", "clouds.yaml cloud mycloud"},
		{"", []string{"OS_CLOUD"}, MethodAKSK, "AK-FILE", "file " + filepath.Join(e.Home, ".huaweicloud", "credentials")},
	}
	c := cfg
	for i, s := range steps {
		for _, k := range s.drop {
			if k == "@profile" {
				c = Default()
				continue
			}
			delete(vars, k)
		}
		r, err := Resolve(context.Background(), Options{Config: c, Token: s.flagToken, Env: e})
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		got := ""
		switch r.Method {
		case MethodToken:
			got = r.Token.Reveal()
		case MethodAKSK:
			got = r.AKSK.AK
		case MethodPassword:
			got = r.Password.User
		}
		if r.Method != s.method || got != s.check || !strings.HasPrefix(r.Source, s.source) {
			t.Fatalf("step %d: method %s cred %s source %q; want %s %s %q", i, r.Method, got, r.Source, s.method, s.check, s.source)
		}
	}
	delete(vars, "OS_CLOUD")
	if err := os.Remove(filepath.Join(e.Home, ".huaweicloud", "credentials")); err != nil {
		t.Fatal(err)
	}
	_, err = Resolve(context.Background(), Options{Config: Default(), Env: e})
	if !errors.Is(err, ErrNoCredentials) {
		t.Fatalf("no source: %v", err)
	}
}

func TestEnvPasswordDetails(t *testing.T) {
	e := testEnv(t, map[string]string{"OS_USERNAME": "bob", "OS_PASSWORD": "pw", "OS_DOMAIN_NAME": "DOM", "OS_PROJECT_ID": "pid", "OS_PASSCODE": "654321", "OS_AUTH_URL": "https://iam.eu-nl.otc.t-systems.com/v3/"})
	r, err := Resolve(context.Background(), Options{Env: e})
	if err != nil {
		t.Fatal(err)
	}
	pl := r.Password
	if pl.Domain != "DOM" || pl.ProjectID != "pid" || pl.Passcode.Reveal() != "654321" || pl.Password.Reveal() != "pw" {
		t.Fatalf("%+v", pl)
	}
	if r.IAMEndpoint != "https://iam.eu-nl.otc.t-systems.com/v3" || r.Region != "eu-nl" || r.Endpoint != "https://cci.eu-nl.otc.t-systems.com" {
		t.Fatalf("endpoints from OS_AUTH_URL: %s", r)
	}
	if r.TokenCache.Path != filepath.Join(e.CacheHome, "podmux", "tokens", "default.json") || !strings.Contains(r.TokenCache.Key, "bob") {
		t.Fatalf("cache %+v", r.TokenCache)
	}
}

func TestHalfSetSourcesAreErrors(t *testing.T) {
	for _, vars := range []map[string]string{
		{"OS_ACCESS_KEY": "AK"},
		{"HUAWEICLOUD_SDK_SK": "SK"},
		{"OS_USERNAME": "bob"},
	} {
		_, err := Resolve(context.Background(), Options{Env: testEnv(t, vars)})
		if err == nil || !strings.Contains(err.Error(), "must both be set") {
			t.Errorf("%v: %v", vars, err)
		}
	}
}

func TestProfileEndpointsAndFlags(t *testing.T) {
	cfg, err := Parse([]byte(profilesYAML))
	if err != nil {
		t.Fatal(err)
	}
	e := testEnv(t, map[string]string{"OS_ACCESS_KEY": "AK", "OS_SECRET_KEY": "SK", "OS_SECURITY_TOKEN": "ST"})
	r, err := Resolve(context.Background(), Options{Config: cfg, Profile: "hwc", Env: e})
	if err != nil {
		t.Fatal(err)
	}
	if r.Endpoint != "https://cci.ap-southeast-1.myhuaweicloud.com" || r.IAMEndpoint != "https://iam.ap-southeast-1.myhuaweicloud.com/v3" || r.Cloud != CloudHuawei {
		t.Fatalf("%s", r)
	}
	if r.AKSK.ProjectID != "p-hwc" || r.AKSK.SecurityToken.Reveal() != "ST" {
		t.Fatalf("%+v", r.AKSK)
	}
	r, err = Resolve(context.Background(), Options{Config: cfg, Endpoint: "https://127.0.0.1:9/", CAFile: "/x.pem", Env: e})
	if err != nil {
		t.Fatal(err)
	}
	if r.Profile != "otc" || r.Endpoint != "https://127.0.0.1:9" || r.CAFile != "/x.pem" {
		t.Fatalf("%s %s", r, r.CAFile)
	}
	if _, err := Resolve(context.Background(), Options{Config: cfg, Profile: "nope", Env: e}); err == nil || !strings.Contains(err.Error(), `profile "nope"`) {
		t.Fatal(err)
	}
}

func TestProfilePasswordCommand(t *testing.T) {
	cfg, err := Parse([]byte(profilesYAML))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Resolve(context.Background(), Options{Config: cfg, Env: testEnv(t, nil)})
	if err != nil {
		t.Fatal(err)
	}
	if r.Password.Password.Reveal() != "pw-from-command" || r.Password.ProjectName != "eu-de" || r.Password.Domain != "OTC-EU-DE-1" {
		t.Fatalf("%+v", r.Password)
	}
	if r.TokenCache.Path == "" || !strings.HasSuffix(r.TokenCache.Path, "otc.json") {
		t.Fatal(r.TokenCache.Path)
	}
	p := cfg.Profiles["otc"]
	p.PasswordCommand = "false"
	cfg.Profiles["otc"] = p
	_, err = Resolve(context.Background(), Options{Config: cfg, Env: testEnv(t, nil)})
	if err == nil || !strings.Contains(err.Error(), "password_command failed") {
		t.Fatal(err)
	}
}

func TestCloudsYAMLWithSecureYAML(t *testing.T) {
	e := testEnv(t, map[string]string{"OS_CLOUD": "otc"})
	dir := filepath.Join(e.Home, ".config", "openstack")
	writeFile(t, filepath.Join(dir, "clouds.yaml"), `clouds:
  otc:
    region_name: eu-de
    auth:
      auth_url: https://iam.eu-de.otc.t-systems.com/v3
      username: carol
      user_domain_name: OTC-EU-DE-9
      project_name: eu-de_sub
`, 0o644)
	writeFile(t, filepath.Join(dir, "secure.yaml"), "clouds:\n  otc:\n    auth:\n      password: pw-secure\n", 0o644)
	r, err := Resolve(context.Background(), Options{Env: e})
	if err != nil {
		t.Fatal(err)
	}
	if r.Method != MethodPassword || r.Password.User != "carol" || r.Password.Password.Reveal() != "pw-secure" || r.Password.ProjectName != "eu-de_sub" || r.Password.Domain != "OTC-EU-DE-9" {
		t.Fatalf("%s %+v", r, r.Password)
	}
	if !strings.Contains(r.Source, "secure.yaml") || r.IAMEndpoint != "https://iam.eu-de.otc.t-systems.com/v3" {
		t.Fatal(r.Source, r.IAMEndpoint)
	}
	if !strings.Contains(strings.Join(r.Warnings, "\n"), "secure.yaml holds secrets and is readable") {
		t.Fatalf("warnings %v", r.Warnings)
	}
	// OS_CLIENT_CONFIG_FILE overrides the search.
	other := filepath.Join(t.TempDir(), "c.yaml")
	writeFile(t, other, "clouds:\n  otc:\n    auth:\n      ak: AK-O\n      sk: SK-O\n      security_token: ST-O\n", 0o600)
	e2 := testEnv(t, map[string]string{"OS_CLOUD": "otc", "OS_CLIENT_CONFIG_FILE": other})
	r, err = Resolve(context.Background(), Options{Env: e2})
	if err != nil {
		t.Fatal(err)
	}
	if r.Method != MethodAKSK || r.AKSK.AK != "AK-O" || r.AKSK.SecurityToken.Reveal() != "ST-O" {
		t.Fatalf("%s", r)
	}
	_, err = Resolve(context.Background(), Options{Env: testEnv(t, map[string]string{"OS_CLOUD": "x"})})
	if err == nil || !strings.Contains(err.Error(), "no clouds.yaml") {
		t.Fatal(err)
	}
}

func TestHuaweiCredentialsFile(t *testing.T) {
	e := testEnv(t, nil)
	path := filepath.Join(e.Home, ".huaweicloud", "credentials")
	writeFile(t, path, "# keys\n[default]\nak = AK1\nsk = SK1\nproject_id = P1\nsecurity_token = ST1\n[other]\nak = AK2\n", 0o644)
	r, err := Resolve(context.Background(), Options{Env: e})
	if err != nil {
		t.Fatal(err)
	}
	if r.AKSK.AK != "AK1" || r.AKSK.SK.Reveal() != "SK1" || r.AKSK.ProjectID != "P1" || r.AKSK.SecurityToken.Reveal() != "ST1" {
		t.Fatalf("%+v", r.AKSK)
	}
	if !strings.Contains(strings.Join(r.Warnings, "\n"), "chmod 600") {
		t.Fatal(r.Warnings)
	}
	writeFile(t, path, "ak = AK1\n", 0o600)
	if _, err := Resolve(context.Background(), Options{Env: e}); err == nil || !strings.Contains(err.Error(), "line 1: give both ak and sk") {
		t.Fatal(err)
	}
	writeFile(t, path, "[default\n", 0o600)
	if _, err := Resolve(context.Background(), Options{Env: e}); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Fatal(err)
	}
}

func TestProfileAuthTokenNeedsAToken(t *testing.T) {
	cfg, err := Parse([]byte("profiles:\n  t:\n    auth: token\n"))
	if err != nil {
		t.Fatal(err)
	}
	e := testEnv(t, nil)
	writeFile(t, filepath.Join(e.Home, ".huaweicloud", "credentials"), "ak = A\nsk = S\n", 0o600)
	if _, err := Resolve(context.Background(), Options{Config: cfg, Env: e}); err == nil || !strings.Contains(err.Error(), "auth: token but no token") {
		t.Fatal(err)
	}
	r, err := Resolve(context.Background(), Options{Config: cfg, Env: e, Token: "tok"})
	if err != nil || r.Method != MethodToken || r.Profile != "t" {
		t.Fatal(r, err)
	}
}

func TestBareIAMHostGetsV3(t *testing.T) {
	e := testEnv(t, map[string]string{"OS_TOKEN": "t", "OS_AUTH_URL": "https://iam.eu-de.otc.t-systems.com"})
	r, err := Resolve(context.Background(), Options{Env: e})
	if err != nil || r.IAMEndpoint != "https://iam.eu-de.otc.t-systems.com/v3" {
		t.Fatal(r, err)
	}
}
