package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestExampleParsesWithDefaults(t *testing.T) {
	c, err := Parse([]byte(Example))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Profiles) != 3 || c.DefaultProfile != "otc" {
		t.Fatalf("profiles %v default %q", c.Profiles, c.DefaultProfile)
	}
	if len(c.Warnings) != 0 {
		t.Fatalf("example warns: %v", c.Warnings)
	}
	d := Default()
	if c.UI.ScrollbackLines != d.UI.ScrollbackLines || c.Keepalive != d.Keepalive || c.Recording != d.Recording {
		t.Fatalf("example differs from defaults: %+v", c)
	}
	if p := c.Profiles["otc"]; p.Cloud != CloudOTC || p.Auth != AuthPassword || p.PasswordCommand == "" {
		t.Fatalf("otc profile %+v", p)
	}
}

func TestMissingFileIsDefaults(t *testing.T) {
	c, err := Load(filepath.Join(t.TempDir(), "nope.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if c.UI.Prefix != "ctrl+b" || len(c.UI.Shells) != 2 || !c.Reconnect.Enabled {
		t.Fatalf("not defaults: %+v", c)
	}
}

func TestPartialFileKeepsOtherDefaults(t *testing.T) {
	c, err := Parse([]byte("ui:\n  theme: light\nrecording:\n  max_total_size: 2GiB\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.UI.Theme != "light" || c.UI.ScrollbackLines != 10000 || c.Recording.MaxTotalSize != 2<<30 || c.Keepalive != 30*time.Second {
		t.Fatalf("%+v", c)
	}
}

func TestErrorsNameTheLine(t *testing.T) {
	cases := []struct{ name, yaml, want string }{
		{"unknown key", "ui:\n  theme: dark\n  themee: x\n", "line 3: ui.themee: unknown key; did you mean theme?"},
		{"unknown top", "\n\nprofile: {}\n", "line 3: profile: unknown key; did you mean profiles?"},
		{"bad cloud", "profiles:\n  a:\n    region: x\n    cloud: azure\n", "line 4: profiles.a.cloud: \"azure\" is not otc, huawei or custom"},
		{"bad auth", "profiles:\n  a:\n    auth: kerberos\n", "line 3: profiles.a.auth"},
		{"custom without endpoint", "profiles:\n  lab:\n    cloud: custom\n", "line 3: profiles.lab.cloud: cloud: custom needs endpoint"},
		{"huawei without region", "profiles:\n  h:\n    cloud: huawei\n", "profiles.h.region: cloud: huawei needs a region"},
		{"default profile", "default_profile: x\n", "line 1: default_profile: no profile named \"x\""},
		{"wrong type", "ui:\n  scrollback_lines: many\n", "line 2: ui.scrollback_lines: \"many\" is not a whole number; write it like scrollback_lines: 10000"},
		{"bad duration", "keepalive: soon\n", "line 1: keepalive: \"soon\" is not a duration; write it like keepalive: 30s"},
		{"days", "recording:\n  enabled: true\n  max_age: 3d\n", "line 3: recording.max_age: \"3d\" is not a duration (no d unit); write it like max_age: 72h"},
		{"bool", "recording:\n  enabled: yes please\n", "line 2: recording.enabled: \"yes please\" is not true or false; write it like enabled: true"},
		{"list", "ui:\n  shells: bash\n", "line 2: ui.shells: \"bash\" is not a list; write it like shells: [bash, sh]"},
		{"keys not a list", "ui:\n  keys:\n    prefix.zoom: z\n", "line 3: ui.keys.prefix.zoom: keys are a list; write it like prefix.zoom: [\"z\"]"},
		{"profile unknown key", "profiles:\n  a:\n    regoin: eu-de\n", "line 3: profiles.a.regoin: unknown key; did you mean region? (a profile takes"},
		{"bad size", "recording:\n  max_total_size: big\n", "line 2: recording.max_total_size: \"big\" is not a size; write it like max_total_size: 1GiB"},
		{"empty shells", "ui:\n  shells: []\n", "line 2: ui.shells"},
		{"half keys", "profiles:\n  a:\n    ak: AK1\n", "line 3: profiles.a.ak: give both ak and sk"},
		{"bad exec protocol", "profiles:\n  a:\n    exec_protocol: quic\n", "line 3: profiles.a.exec_protocol: \"quic\" is not auto, websocket or spdy"},
		{"endpoint not url", "profiles:\n  a:\n    endpoint: cci.example\n", "line 3: profiles.a.endpoint"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.yaml))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want it to contain %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error is not one line: %q", err)
			}
		})
	}
}

// Every problem of a file is reported at once, one a line, in line order, each naming its key
// (issue 15 items 1 and 9: yaml errors used to stop at the first and be raw).
func TestEveryErrorAtOnceWithItsLine(t *testing.T) {
	doc := "ui:\n  theme: blue\n  scrollback_lines: lots\nrecording:\n  max_age: 3d\nkeepalive: -1s\nbogus: 1\n"
	check := func(c *Config) []Problem {
		return []Problem{{Path: []string{"ui", "theme"}, Msg: "from a check"}}
	}
	_, err := Parse([]byte(doc), check)
	if err == nil {
		t.Fatal("accepted")
	}
	want := []string{
		`line 2: ui.theme: "blue" is not dark, light or auto`,
		`line 2: ui.theme: from a check`,
		`line 3: ui.scrollback_lines: "lots" is not a whole number`,
		`line 5: recording.max_age: "3d" is not a duration (no d unit); write it like max_age: 72h`,
		`line 6: keepalive: cannot be negative`,
		`line 7: bogus: unknown key`,
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(want), err)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("line %d: %q\nwant prefix %q", i, lines[i], w)
		}
	}
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = Load(path, check)
	if err == nil || !strings.HasPrefix(err.Error(), "config "+path+": 6 problems:\n  line 2: ui.theme") {
		t.Fatalf("Load: %v", err)
	}
}

func TestSecretInFileWarnsAndLooseModeWarns(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	body := "profiles:\n  hw:\n    cloud: huawei\n    region: r1\n    ak: AKEXAMPLE\n    sk: very-secret-sk\n"
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(c.Warnings, "\n")
	if !strings.Contains(all, "line 6: profile hw holds a secret key") || !strings.Contains(all, "chmod 600") {
		t.Fatalf("warnings: %v", c.Warnings)
	}
	if strings.Contains(all, "very-secret-sk") {
		t.Fatal("a warning shows the secret")
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	c, err = Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Warnings) != 1 {
		t.Fatalf("with mode 0600 only the sk warning stays: %v", c.Warnings)
	}
}

func TestByteSize(t *testing.T) {
	for in, want := range map[string]ByteSize{"1024": 1024, "1KiB": 1024, "1.5GiB": 3 << 29, "10MB": 10e6} {
		got, err := ParseByteSize(in)
		if err != nil || got != want {
			t.Errorf("%s: %v %v", in, got, err)
		}
	}
	if s := ByteSize(512 << 20).String(); s != "512MiB" {
		t.Errorf("String %s", s)
	}
}

func TestEndpointsTemplates(t *testing.T) {
	cci, iam, err := CloudEndpoints(CloudOTC, "")
	if err != nil || cci != "https://cci.eu-de.otc.t-systems.com" || iam != "https://iam.eu-de.otc.t-systems.com/v3" {
		t.Fatal(cci, iam, err)
	}
	cci, iam, err = CloudEndpoints(CloudHuawei, "ap-southeast-1")
	if err != nil || cci != "https://cci.ap-southeast-1.myhuaweicloud.com" || iam != "https://iam.ap-southeast-1.myhuaweicloud.com/v3" {
		t.Fatal(cci, iam, err)
	}
	if _, _, err := CloudEndpoints(CloudHuawei, ""); err == nil {
		t.Fatal("huawei without region accepted")
	}
}
