package config

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/adrg/xdg"
)

// Env is everything Resolve reads from outside the configuration: environment variables, the
// home, working, XDG config and cache directories, how to run password_command and how to ask
// the user. Tests fill it; SystemEnv returns the real one.
type Env struct {
	// Getenv reads a variable; nil reads nothing.
	Getenv func(string) string
	// Home is the user's home directory; "" disables ~/ lookups.
	Home string
	// Dir is the working directory searched for ./clouds.yaml; "" skips it.
	Dir string
	// ConfigHome and CacheHome are the XDG base directories.
	ConfigHome, CacheHome string
	// SystemConfigDir is /etc (for /etc/openstack); "" skips it.
	SystemConfigDir string
	// RunCommand runs a password_command and returns its stdout; nil runs sh -c.
	RunCommand func(ctx context.Context, command string) (string, error)
}

// SystemEnv is the process's real environment and directories.
func SystemEnv() Env {
	home, _ := os.UserHomeDir()
	wd, _ := os.Getwd()
	return Env{Getenv: os.Getenv, Home: home, Dir: wd, ConfigHome: xdg.ConfigHome, CacheHome: xdg.CacheHome, SystemConfigDir: "/etc"}
}

func (e Env) get(k string) string {
	if e.Getenv == nil {
		return ""
	}
	return strings.TrimSpace(e.Getenv(k))
}

// first returns the first non-empty variable of names and its name.
func (e Env) first(names ...string) (val, name string) {
	for _, n := range names {
		if v := e.get(n); v != "" {
			return v, n
		}
	}
	return "", ""
}

// ConfigFile is $XDG_CONFIG_HOME/podmux/config.yaml.
func (e Env) ConfigFile() string { return filepath.Join(e.ConfigHome, "podmux", "config.yaml") }

// TokenCacheFile is $XDG_CACHE_HOME/podmux/tokens/<profile>.json.
func (e Env) TokenCacheFile(profile string) string {
	return filepath.Join(e.CacheHome, "podmux", "tokens", safeName(profile)+".json")
}

// DefaultConfigFile is the real $XDG_CONFIG_HOME/podmux/config.yaml.
func DefaultConfigFile() string { return SystemEnv().ConfigFile() }

func safeName(s string) string {
	if s == "" {
		return "default"
	}
	b := []byte(s)
	for i, c := range b {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.') {
			b[i] = '_'
		}
	}
	return strings.TrimLeft(string(b), ".")
}

// runCommand runs a password_command with a 2-minute limit (it may ask for a GPG passphrase);
// stdin and stderr are the terminal's. Only stdout is captured; it never appears in errors.
func (e Env) runCommand(ctx context.Context, command string) (string, error) {
	if e.RunCommand != nil {
		return e.RunCommand(ctx, command)
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", "-c", command)
	cmd.Stdin, cmd.Stderr = os.Stdin, os.Stderr
	out, err := cmd.Output()
	return string(out), err
}
