package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// maxConfigSize bounds the configuration file.
const maxConfigSize = 1 << 20

// Load reads the YAML file at path over Default(). A missing file is not an error (the defaults
// are returned). Unknown keys, wrong types and invalid values are errors naming the file and
// line. Secrets found in the file, and a file holding them that group or others can read, give
// Warnings.
//
// The checks run after config's own validation (see Check); every problem of the file is
// reported at once, one a line, in line order.
func Load(path string, checks ...Check) (*Config, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Default(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("config %s: %v", path, err)
	}
	if len(data) > maxConfigSize {
		return nil, fmt.Errorf("config %s: larger than %d bytes", path, maxConfigSize)
	}
	c, err := Parse(data, checks...)
	var list Errors
	if errors.As(err, &list) && len(list) > 1 {
		return nil, fmt.Errorf("config %s: %d problems:\n  %w", path, len(list), Errors{strings.Join(list, "\n  ")})
	}
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	c.Path = path
	if c.holdsSecret() {
		if w := looseModeWarning(path); w != "" {
			c.Warnings = append(c.Warnings, w)
		}
	}
	return c, nil
}

// Parse reads YAML text over Default() and validates it (see Load). Its error is an Errors.
func Parse(data []byte, checks ...Check) (*Config, error) {
	c := Default()
	var root yaml.Node
	if len(bytes.TrimSpace(data)) > 0 {
		if err := yaml.Unmarshal(data, &root); err != nil {
			return nil, Errors{cleanYAMLError(err).Error()}
		}
	}
	var msgs []string
	if root.Kind != 0 {
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(c); err != nil {
			var te *yaml.TypeError
			if !errors.As(err, &te) {
				return nil, Errors{cleanYAMLError(err).Error()}
			}
			// yaml.v3 went on past these: the rest of the file is decoded and validated too.
			msgs = explainTypeErrors(te.Errors, &root)
		}
	}
	msgs = append(msgs, c.validate(&root)...)
	for _, check := range checks {
		for _, p := range check(c) {
			msgs = append(msgs, fmt.Sprintf("line %d: %s: %s", lineOf(&root, p.Path...), strings.Join(p.Path, "."), p.Msg))
		}
	}
	if len(msgs) > 0 {
		sortByLine(msgs)
		return nil, Errors(msgs)
	}
	return c, nil
}

var yamlPrefix = regexp.MustCompile(`^yaml: (unmarshal errors:\n\s*)?`)

// cleanYAMLError makes yaml.v3's errors one line: "line 3: field foo not found in type …".
func cleanYAMLError(err error) error {
	s := yamlPrefix.ReplaceAllString(err.Error(), "")
	s = strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", "; ")), " ")
	s = strings.ReplaceAll(s, "in type config.", "in ")
	return errors.New(s)
}

var profileName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$`)

// validate checks values and returns the problems; root locates keys for line numbers.
func (c *Config) validate(root *yaml.Node) []string {
	var errs []string
	bad := func(path []string, format string, a ...any) {
		errs = append(errs, fmt.Sprintf("line %d: %s: %s", lineOf(root, path...), strings.Join(path, "."), fmt.Sprintf(format, a...)))
	}
	if c.DefaultProfile != "" {
		if _, ok := c.Profiles[c.DefaultProfile]; !ok {
			bad([]string{"default_profile"}, "no profile named %q", c.DefaultProfile)
		}
	}
	for name, p := range c.Profiles {
		at := func(k string) []string { return []string{"profiles", name, k} }
		if !profileName.MatchString(name) {
			bad([]string{"profiles", name}, "profile names use letters, digits, '-', '_' and '.'")
		}
		switch p.Cloud {
		case "", CloudOTC, CloudHuawei:
		case CloudCustom:
			if p.Endpoint == "" {
				bad(at("cloud"), "cloud: custom needs endpoint (and iam_endpoint for password logins)")
			}
		default:
			bad(at("cloud"), "%q is not otc, huawei or custom", p.Cloud)
		}
		if p.Cloud == CloudHuawei && p.Region == "" && p.Endpoint == "" {
			bad(at("region"), "cloud: huawei needs a region, e.g. ap-southeast-1")
		}
		switch p.ExecProtocol {
		case "", "auto", "websocket", "spdy":
		default:
			bad(at("exec_protocol"), "%q is not auto, websocket or spdy", p.ExecProtocol)
		}
		switch p.Auth {
		case "", AuthToken, AuthPassword, AuthAKSK:
		default:
			bad(at("auth"), "%q is not token, password or aksk", p.Auth)
		}
		for _, k := range []struct{ key, v string }{{"endpoint", p.Endpoint}, {"iam_endpoint", p.IAMEndpoint}} {
			if k.v != "" && !strings.HasPrefix(k.v, "https://") && !strings.HasPrefix(k.v, "http://") {
				bad(at(k.key), "%q is not a URL: start it with https://", k.v)
			}
		}
		if (p.AK == "") != (p.SK == "") {
			bad(at("ak"), "give both ak and sk, or neither")
		}
		if p.SK != "" {
			c.Warnings = append(c.Warnings, fmt.Sprintf("line %d: profile %s holds a secret key (sk) in the config file: prefer OS_ACCESS_KEY/OS_SECRET_KEY or ~/.huaweicloud/credentials", lineOf(root, "profiles", name, "sk"), name))
		}
		if p.InsecureSkipTLSVerify {
			c.Warnings = append(c.Warnings, fmt.Sprintf("profile %s turns TLS certificate verification off (insecure_skip_tls_verify): anyone on the path can read your credentials", name))
		}
	}
	u := c.UI
	if u.ScrollbackLines < 0 || u.ScrollbackLines > 10_000_000 {
		bad([]string{"ui", "scrollback_lines"}, "%d is outside 0…10000000", u.ScrollbackLines)
	}
	if u.PollInterval < 100*time.Millisecond || u.PollInterval > time.Hour {
		bad([]string{"ui", "poll_interval"}, "%v is outside 100ms…1h (default 5s)", u.PollInterval)
	}
	if u.LogTail < 1 || u.LogTail > 100_000 {
		bad([]string{"ui", "log_tail"}, "%d is outside 1…100000 (default 500)", u.LogTail)
	}
	if len(u.Shells) == 0 {
		bad([]string{"ui", "shells"}, "list at least one shell, e.g. [bash, sh]")
	}
	for _, s := range u.Shells {
		if strings.TrimSpace(s) == "" {
			bad([]string{"ui", "shells"}, "a shell name is empty")
		}
	}
	if strings.TrimSpace(u.Prefix) == "" {
		bad([]string{"ui", "prefix"}, "the prefix key cannot be empty (default ctrl+b)")
	}
	switch u.Theme {
	case "dark", "light", "auto":
	default:
		bad([]string{"ui", "theme"}, "%q is not dark, light or auto", u.Theme)
	}
	for action, keys := range u.Keys {
		if len(keys) == 0 {
			bad([]string{"ui", "keys", action}, "list at least one key")
		}
	}
	if c.Recording.MaxTotalSize < 0 || c.Recording.MaxAge < 0 {
		bad([]string{"recording"}, "sizes and ages cannot be negative")
	}
	if c.Keepalive < 0 {
		bad([]string{"keepalive"}, "cannot be negative (0 turns pings off)")
	}
	r := c.Reconnect
	if r.MaxAttempts < 0 || r.Backoff < 0 || r.MaxBackoff < 0 {
		bad([]string{"reconnect"}, "max_attempts, backoff and max_backoff cannot be negative")
	}
	return errs
}

// holdsSecret reports whether the file put a secret in any profile.
func (c *Config) holdsSecret() bool {
	for _, p := range c.Profiles {
		if p.SK != "" || p.SecurityToken != "" {
			return true
		}
	}
	return false
}

// lineOf finds the line of the key path in a YAML document (the deepest key found; 0 if none).
func lineOf(root *yaml.Node, path ...string) int {
	n := root
	if n == nil {
		return 0
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := 0
	for _, key := range path {
		if n.Kind != yaml.MappingNode {
			break
		}
		found := false
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				line = n.Content[i].Line
				n = n.Content[i+1]
				found = true
				break
			}
		}
		if !found {
			break
		}
	}
	return line
}

// sortByLine orders "line N: …" messages by N.
func sortByLine(msgs []string) {
	num := func(s string) int {
		var n int
		_, _ = fmt.Sscanf(s, "line %d:", &n)
		return n
	}
	for i := 1; i < len(msgs); i++ {
		for j := i; j > 0 && num(msgs[j]) < num(msgs[j-1]); j-- {
			msgs[j], msgs[j-1] = msgs[j-1], msgs[j]
		}
	}
}

// looseModeWarning warns when a file holding secrets can be read by group or others.
func looseModeWarning(path string) string {
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm()&0o077 == 0 {
		return ""
	}
	return fmt.Sprintf("%s holds secrets and is readable by group or others (mode %04o): run chmod 600 %s", path, st.Mode().Perm(), path)
}
