package keymap

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/podmux/podmux/internal/editdist"
)

// ActionError is one problem Apply or Validate found, with the action it is about (its
// config name, e.g. "prefix.zoom", or the unknown name as written), so a caller can point at
// the config line that set it. Its message repeats the action name.
type ActionError struct {
	Action string
	// Other is, for a conflict, the other action bound to the same key.
	Other string
	Err   error
}

func (e *ActionError) Error() string { return e.Err.Error() }
func (e *ActionError) Unwrap() error { return e.Err }

// Problems splits an error from Apply or Validate into its single problems.
func Problems(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// Apply replaces the keys of the named actions with the given lists, as read
// from the config file. An empty list disables the action. Key names are
// checked with ValidateKey; duplicates within one list are dropped.
//
// Apply is all or nothing: on any problem km is left unchanged and the error
// lists every problem, one line each (each an *ActionError): unknown actions
// (each with the closest valid name), invalid key names, and what Validate
// finds in the result of the valid overrides: an unsafe prefix (see
// ValidatePrefix) or a conflict (one key bound to two actions live in the
// same mode).
func (km *KeyMap) Apply(overrides map[string][]string) error {
	next := *km
	var errs []error
	names := make([]string, 0, len(overrides))
	for n := range overrides {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		a, ok := byName[name]
		if !ok {
			errs = append(errs, &ActionError{Action: name, Err: fmt.Errorf("unknown key action %q (did you mean %q?)", name, closest(name))})
			continue
		}
		var list []string
		bad := false
		for _, k := range overrides[name] {
			if err := ValidateKey(k); err != nil {
				errs = append(errs, &ActionError{Action: name, Err: fmt.Errorf("%s: %w", name, err)})
				bad = true
				continue
			}
			if !slices.Contains(list, k) {
				list = append(list, k)
			}
		}
		if bad {
			continue
		}
		b := a.binding(&next)
		b.SetKeys(list...)
		b.SetHelp(Label(list), a.desc)
		b.SetEnabled(len(list) > 0)
	}
	yieldDefaults(&next, overrides)
	errs = append(errs, Problems(next.Validate())...)
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	*km = next
	return nil
}

// yielding are the actions whose default keys give way to a global action the user bound to the
// same key: ctrl+a, browser.mark_all's default, is also screen users' favourite prefix.
var yielding = []string{"browser.mark_all"}

// yieldDefaults drops, from the yielding actions the overrides left alone, the keys a user gave
// to a global action: a key chosen explicitly wins over such a default.
func yieldDefaults(km *KeyMap, overrides map[string][]string) {
	var taken []string
	for name, list := range overrides {
		if strings.HasPrefix(name, "global.") {
			taken = append(taken, list...)
		}
	}
	if len(taken) == 0 {
		return
	}
	for _, a := range actions {
		if _, set := overrides[a.name]; set || !slices.Contains(yielding, a.name) {
			continue
		}
		b := a.binding(km)
		keep := slices.DeleteFunc(slices.Clone(b.Keys()), func(k string) bool { return slices.Contains(taken, k) })
		if len(keep) != len(b.Keys()) {
			b.SetKeys(keep...)
			b.SetHelp(Label(keep), a.desc)
			b.SetEnabled(len(keep) > 0)
		}
	}
}

// Validate checks km against the package invariants: valid key names, a safe
// prefix, and no key bound to two actions live in the same mode (Global is
// live in every mode). The error lists every problem, one line each.
func (km KeyMap) Validate() error {
	var errs []error
	for _, a := range actions {
		b := a.binding(&km)
		if !b.Enabled() {
			continue
		}
		for _, k := range b.Keys() {
			if err := ValidateKey(k); err != nil {
				errs = append(errs, &ActionError{Action: a.name, Err: fmt.Errorf("%s: %w", a.name, err)})
			}
		}
	}
	if err := ValidatePrefix(km.Global.Prefix.Keys()); err != nil {
		errs = append(errs, &ActionError{Action: "global.prefix", Err: fmt.Errorf("global.prefix: %w", err)})
	}
	errs = append(errs, km.conflicts()...)
	return errors.Join(errs...)
}

// conflicts finds keys bound twice within a mode. Global actions take part in
// every mode's check, since the UI offers keys to Global first.
func (km KeyMap) conflicts() []error {
	var errs []error
	for _, m := range modes[1:] {
		owner := map[string]string{}
		for _, a := range actions {
			if am := a.mode(); am != m.name && am != "global" {
				continue
			}
			b := a.binding(&km)
			if !b.Enabled() {
				continue
			}
			for _, k := range b.Keys() {
				if prev, ok := owner[k]; ok && prev != a.name {
					errs = append(errs, &ActionError{Action: a.name, Other: prev, Err: fmt.Errorf("key %q is bound to both %s and %s in %s mode; rebind or disable one of them", k, prev, a.name, m.name)})
					continue
				}
				owner[k] = a.name
			}
		}
	}
	return errs
}

// unsafePrefix explains keys that may not be the prefix.
var unsafePrefix = map[string]string{
	"ctrl+i": "terminals send it as tab",
	"ctrl+m": "terminals send it as enter",
	"ctrl+[": "terminals send it as esc",
}

// ValidatePrefix checks a prefix key list: at least one key, and every key a
// ctrl/alt/meta/super/hyper combination or a function key (f1…f63), so that
// the prefix never swallows ordinary typing, enter, tab, esc or the arrows a
// shell needs. A readline key such as ctrl+a or the default ctrl+b is allowed
// (tmux users choose them): pressing the prefix twice sends it to the shell.
func ValidatePrefix(keys []string) error {
	if len(keys) == 0 {
		return fmt.Errorf("the prefix cannot be disabled: it is the only way to split, move between or leave panes")
	}
	for _, k := range keys {
		if why, ok := unsafePrefix[k]; ok {
			return fmt.Errorf("prefix %q is unusable: %s; choose a key such as ctrl+b, ctrl+a or ctrl+space", k, why)
		}
		if strings.HasPrefix(k, "ctrl+") || strings.HasPrefix(k, "alt+") || strings.HasPrefix(k, "meta+") ||
			strings.HasPrefix(k, "hyper+") || strings.HasPrefix(k, "super+") {
			continue
		}
		base := strings.TrimPrefix(k, "shift+")
		if len(base) > 1 && base[0] == 'f' && namedKeys[base] {
			continue
		}
		return fmt.Errorf("prefix %q would take a key the shell needs; choose a ctrl or alt combination (ctrl+b, ctrl+a, ctrl+space) or a function key", k)
	}
	return nil
}

// closest is the valid action name nearest to name, ties going to the earlier
// action. A name without its mode ("split_right", "zoom") is compared with
// the part after the dot too, so it finds "prefix.split_right".
func closest(name string) string {
	best, bestD := "", -1
	norm := strings.ReplaceAll(strings.ToLower(name), "-", "_")
	for _, a := range actions {
		d := editdist.Distance(norm, a.name)
		if !strings.Contains(norm, ".") {
			d = min(d, editdist.Distance(norm, a.name[strings.IndexByte(a.name, '.')+1:]))
		}
		if bestD < 0 || d < bestD {
			best, bestD = a.name, d
		}
	}
	return best
}
