package cli

import (
	"errors"
	"strings"

	"github.com/podmux/podmux/config"
	"github.com/podmux/podmux/keymap"
)

// keyOverrides is what the config asks of the key map: ui.keys, and ui.prefix as
// global.prefix.
func keyOverrides(c *config.Config) map[string][]string {
	overrides := map[string][]string{}
	for k, v := range c.UI.Keys {
		overrides[k] = v
	}
	if c.UI.Prefix != "" {
		overrides["global.prefix"] = []string{c.UI.Prefix}
	}
	return overrides
}

// checkKeys is the config.Check for ui.keys and ui.prefix: it applies them to the default key
// map exactly as the UI does at startup, so `podmux config check` and startup find the same
// problems (unknown actions with the nearest valid name, key syntax, the prefix, conflicts),
// each pointed at the line that set it.
func checkKeys(c *config.Config) []config.Problem {
	km := keymap.Default()
	var out []config.Problem
	for _, p := range keymap.Problems(km.Apply(keyOverrides(c))) {
		path := []string{"ui", "keys"}
		msg := p.Error()
		var ae *keymap.ActionError
		if errors.As(p, &ae) {
			path = keyPath(c, ae.Action, ae.Other)
			// The path names the action: drop its repetition at the start of the message.
			msg = strings.TrimPrefix(msg, ae.Action+": ")
		}
		out = append(out, config.Problem{Path: path, Msg: msg})
	}
	return out
}

// keyPath is the config key that set action (or, for a conflict, the other action when only
// that one was set in the file).
func keyPath(c *config.Config, action, other string) []string {
	_, set := c.UI.Keys[action]
	if !set && other != "" {
		if _, ok := c.UI.Keys[other]; ok {
			action = other
			set = true
		}
	}
	if action == "global.prefix" && !set {
		return []string{"ui", "prefix"}
	}
	return []string{"ui", "keys", action}
}

// loadConfigFile reads the config file with every check startup makes (config's own and the
// key map's).
func loadConfigFile(path string) (*config.Config, error) {
	return config.Load(path, checkKeys)
}

// keyMap is the UI's key map from a config that passed checkKeys.
func keyMap(c *config.Config) (keymap.KeyMap, error) {
	km := keymap.Default()
	err := km.Apply(keyOverrides(c))
	return km, err
}
