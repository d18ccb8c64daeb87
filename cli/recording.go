package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/adrg/xdg"

	"github.com/podmux/podmux/config"
	"github.com/podmux/podmux/session"
	"github.com/podmux/podmux/session/record"
)

// RecordingsDir is where session recordings live: $XDG_STATE_HOME/podmux/recordings.
func RecordingsDir() string { return filepath.Join(xdg.StateHome, "podmux", "recordings") }

// recordTee returns the session manager's Tee factory: every run of a session writes an
// asciicast v2 file under root/<namespace>/<pod>/<container>-<UTC time>.cast.
func recordTee(root string) func(id session.ID, t session.Target, cmd []string, cols, rows int) (session.Tee, error) {
	return func(id session.ID, t session.Target, cmd []string, cols, rows int) (session.Tee, error) {
		if t.Recording != "" || t.Text != nil {
			return nil, nil // a replay is not recorded again
		}
		now := time.Now()
		shell := ""
		if len(cmd) > 0 {
			shell = cmd[0]
		}
		c := t.Container
		if c == "" {
			c = "default"
		}
		r, err := record.CreateUnique(record.Path(root, t.Namespace, t.Pod, c, now), record.Header{
			Version: 2, Width: cols, Height: rows, Timestamp: now.Unix(), Title: t.String(),
			Env: map[string]string{"TERM": "xterm-256color", "SHELL": shell},
		})
		if err != nil {
			return nil, err
		}
		return r, nil
	}
}

// pruneRecordings applies the retention policy in the background; problems go to stderr only
// before the UI starts, so this runs once at start-up and reports nothing later.
func pruneRecordings(root string, rc config.Recording) {
	go func() {
		_, _ = record.Prune(root, int64(rc.MaxTotalSize), rc.MaxAge, time.Now())
	}()
}

// loadConfig reads the config file; a missing file gives the defaults.
func loadConfig() (*config.Config, error) {
	cfg, err := loadConfigFile(config.DefaultConfigFile())
	if err != nil {
		return nil, err
	}
	for _, w := range cfg.Warnings {
		fmt.Fprintln(os.Stderr, "podmux: warning: "+w)
	}
	return cfg, nil
}
