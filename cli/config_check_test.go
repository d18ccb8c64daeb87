package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/podmux/podmux/config"
	"github.com/podmux/podmux/keymap"
)

// `podmux config check` runs the validation startup runs, key map included, and reports every
// problem at once with its line and the nearest valid action (issue 15 item 1: it approved
// split_rigth, zoom: ["notakey+x"] and prefix: ctrl+nonsense, which startup then refused).
func TestConfigCheckRunsTheStartupKeyValidation(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config.yaml")
	doc := "ui:\n  prefix: ctrl+nonsense\n  keys:\n    split_rigth: [\"|\"]\n    zoom: [\"notakey+x\"]\n    prefix.zoom: [\"x\"]\n"
	if err := os.WriteFile(p, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := checkConfig(p, &out)
	if err == nil {
		t.Fatalf("config check approved it: %s", out.String())
	}
	want := []string{
		`line 2: ui.prefix: key "ctrl+nonsense"`,
		`line 4: ui.keys.split_rigth: unknown key action "split_rigth" (did you mean "prefix.split_right"?)`,
		`line 5: ui.keys.zoom: unknown key action "zoom" (did you mean "prefix.zoom"?)`,
		`line 6: ui.keys.prefix.zoom: key "x" is bound to both prefix.zoom and prefix.close`,
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != len(want)+1 || !strings.HasSuffix(lines[0], "4 problems:") {
		t.Fatalf("error:\n%s", err)
	}
	for i, w := range want {
		if got := strings.TrimSpace(lines[i+1]); !strings.HasPrefix(got, w) {
			t.Errorf("problem %d:\n got %q\nwant %q…", i, got, w)
		}
	}
	// What startup loads is what config check checked: the same error.
	if _, serr := loadConfigFile(p); serr == nil || serr.Error() != err.Error() {
		t.Fatalf("startup: %v\ncheck: %v", serr, err)
	}
}

var exampleAction = regexp.MustCompile(`(?m)\b([a-z]+\.[a-z_0-9]+): \[`)

// `podmux config example` is valid as printed, every action name in it is a real one (its old
// hint split_right stopped podmux from starting), it lists every action, and uncommenting every
// key line still passes (the defaults).
func TestConfigExampleIsGeneratedFromTheActions(t *testing.T) {
	ex := exampleConfig()
	if _, err := config.Parse([]byte(ex), checkKeys); err != nil {
		t.Fatalf("the example does not pass config check: %v", err)
	}
	names := keymap.Actions()
	found := map[string]bool{}
	for _, m := range exampleAction.FindAllStringSubmatch(ex, -1) {
		if !slices.Contains(names, m[1]) {
			t.Errorf("the example names %q, which is not an action", m[1])
		}
		found[m[1]] = true
	}
	for _, n := range names {
		if !found[n] {
			t.Errorf("the example does not list action %s", n)
		}
	}
	uncommented := regexp.MustCompile(`(?m)^    # ([a-z]+\.[a-z_0-9]+: \[)`).ReplaceAllString(ex, "    $1")
	uncommented = strings.Replace(uncommented, "    global.prefix:", "    # global.prefix:", 1)
	if uncommented == ex {
		t.Fatal("no key lines to uncomment")
	}
	if _, err := config.Parse([]byte(uncommented), checkKeys); err != nil {
		t.Fatalf("the example with its key lines uncommented: %v", err)
	}
	// The hint in the ui.keys comment works when copied.
	hint := regexp.MustCompile(`e\.g\. ([a-z_.]+): (\[.*\])`).FindStringSubmatch(config.Example)
	if hint == nil {
		t.Fatal("no hint in config.Example")
	}
	doc := "ui:\n  keys:\n    " + hint[1] + ": " + hint[2] + "\n"
	if _, err := config.Parse([]byte(doc), checkKeys); err != nil {
		t.Fatalf("the example's hint %s: %v", doc, err)
	}
}
