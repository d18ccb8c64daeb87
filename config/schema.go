// Package config is podmux's configuration: the YAML file schema with defaults and
// line-numbered validation, XDG paths, cloud profiles, and the credential sources users already
// have (flags, OpenStack/OTC and Huawei Cloud environment variables, clouds.yaml, the Huawei
// credentials file). It imports no podmux package: Resolve returns plain data (with secrets
// typed as Secret) from which the caller builds a cciapi.Config.
package config

import "time"

// Config is the whole configuration file. The zero value is not valid: start from Default().
type Config struct {
	// DefaultProfile names the profile used when --profile is not given.
	DefaultProfile string `yaml:"default_profile"`
	// Profiles by name.
	Profiles map[string]Profile `yaml:"profiles"`
	UI       UI                 `yaml:"ui"`
	// Recording of sessions to disk.
	Recording Recording `yaml:"recording"`
	// Keepalive is the exec ping interval (WebSocket ping, SPDY PING); 0 turns pings off.
	Keepalive time.Duration `yaml:"keepalive"`
	Reconnect Reconnect     `yaml:"reconnect"`

	// Path is the file this came from ("" for defaults only).
	Path string `yaml:"-"`
	// Warnings are problems that do not stop podmux (secrets in the file, loose permissions).
	Warnings []string `yaml:"-"`
}

// Cloud names.
const (
	CloudOTC    = "otc"
	CloudHuawei = "huawei"
	CloudCustom = "custom"
)

// Auth methods of a profile.
const (
	AuthToken    = "token"
	AuthPassword = "password"
	AuthAKSK     = "aksk"
)

// Profile is one cloud account and region. Secrets should not live here: use password_command,
// the environment or the Huawei credentials file; ak/sk are accepted but warned about.
type Profile struct {
	Cloud       string `yaml:"cloud"`
	Region      string `yaml:"region"`
	Endpoint    string `yaml:"endpoint"`
	IAMEndpoint string `yaml:"iam_endpoint"`
	ProjectName string `yaml:"project_name"`
	ProjectID   string `yaml:"project_id"`
	// Domain is the account (domain) name.
	Domain string `yaml:"domain"`
	User   string `yaml:"user"`
	UserID string `yaml:"user_id"`
	// Auth is token, password or aksk.
	Auth string `yaml:"auth"`
	// PasswordCommand is run with sh -c; its stdout (trailing newline removed) is the password.
	PasswordCommand       string `yaml:"password_command"`
	AK                    string `yaml:"ak"`
	SK                    Secret `yaml:"sk"`
	SecurityToken         Secret `yaml:"security_token"`
	CAFile                string `yaml:"ca_file"`
	InsecureSkipTLSVerify bool   `yaml:"insecure_skip_tls_verify"`
	// ExecProtocol is the exec transport: auto (default: WebSocket, SPDY when the WebSocket
	// upgrade is refused), websocket or spdy.
	ExecProtocol string `yaml:"exec_protocol"`
}

// UI settings.
type UI struct {
	Theme           string `yaml:"theme"`
	ScrollbackLines int    `yaml:"scrollback_lines"`
	// Shells are tried in order when opening a shell in a container.
	Shells []string `yaml:"shells"`
	// Prefix is the tmux-style prefix key, e.g. ctrl+b.
	Prefix string `yaml:"prefix"`
	// Keys overrides key bindings: action name → keys. The UI applies them (keymap.Apply), which
	// rejects unknown action names.
	Keys map[string][]string `yaml:"keys"`
	// PollInterval is how often a view lists again where the server cannot watch (default 5s).
	PollInterval time.Duration `yaml:"poll_interval"`
	// LogTail is how many lines of history a log pane starts with (default 500).
	LogTail int `yaml:"log_tail"`
}

// Recording settings.
type Recording struct {
	Enabled     bool `yaml:"enabled"`
	RecordInput bool `yaml:"record_input"`
	// MaxTotalSize bounds all recordings together; the oldest are deleted first.
	MaxTotalSize ByteSize `yaml:"max_total_size"`
	// MaxAge deletes recordings older than this; 0 keeps them.
	MaxAge time.Duration `yaml:"max_age"`
}

// Reconnect policy for exec sessions whose connection dropped.
type Reconnect struct {
	Enabled     bool          `yaml:"enabled"`
	MaxAttempts int           `yaml:"max_attempts"`
	Backoff     time.Duration `yaml:"backoff"`
	MaxBackoff  time.Duration `yaml:"max_backoff"`
}

// Default returns the configuration used when the file is missing or leaves a setting out.
func Default() *Config {
	return &Config{
		Profiles: map[string]Profile{},
		UI: UI{
			Theme:           "dark",
			ScrollbackLines: 10000,
			Shells:          []string{"bash", "sh"},
			Prefix:          "ctrl+b",
			Keys:            map[string][]string{},
			PollInterval:    5 * time.Second,
			LogTail:         500,
		},
		Recording: Recording{Enabled: true, MaxTotalSize: 1 << 30, MaxAge: 30 * 24 * time.Hour},
		Keepalive: 30 * time.Second,
		Reconnect: Reconnect{Enabled: true, MaxAttempts: 5, Backoff: time.Second, MaxBackoff: 30 * time.Second},
	}
}
