package config

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// TokenCache is a file holding one IAM token for one identity: Path is
// $XDG_CACHE_HOME/podmux/tokens/<profile>.json (file mode 0600, directory 0700), Key names the
// identity (IAM endpoint, user, domain, project) so a token is never reused for another one.
// It implements cciapi.TokenCache.
type TokenCache struct {
	Path string
	Key  string
}

type tokenFile struct {
	Key       string    `json:"key"`
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
}

// LoadToken returns the cached token if the file exists, parses and belongs to Key. Expiry is
// the caller's to check.
func (c TokenCache) LoadToken() (string, time.Time, bool) {
	data, err := os.ReadFile(c.Path)
	if err != nil {
		return "", time.Time{}, false
	}
	var f tokenFile
	if json.Unmarshal(data, &f) != nil || f.Key != c.Key || f.Token == "" {
		return "", time.Time{}, false
	}
	return f.Token, f.ExpiresAt, true
}

// StoreToken writes the token atomically with mode 0600 in a 0700 directory.
func (c TokenCache) StoreToken(token string, expires time.Time) error {
	dir := filepath.Dir(c.Path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return err
	}
	data, err := json.Marshal(tokenFile{Key: c.Key, Token: token, ExpiresAt: expires.UTC()})
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".token-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), c.Path); err != nil {
		return fmt.Errorf("writing %s: %v", c.Path, err)
	}
	return nil
}

// Remove deletes the cached token (logout).
func (c TokenCache) Remove() error {
	err := os.Remove(c.Path)
	if os.IsNotExist(err) {
		return nil
	}
	return err
}
