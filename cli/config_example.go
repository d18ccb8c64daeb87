package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/podmux/podmux/config"
	"github.com/podmux/podmux/keymap"
)

// exampleConfig is `podmux config example`: config.Example with its ui.keys line replaced by
// every action of the key map with its default keys, commented out, so the names shown are the
// names the config accepts.
func exampleConfig() string {
	var b strings.Builder
	b.WriteString("  # keys: action: [keys] overrides the keys of an action; [] disables it. In podmux, ? then a\n")
	b.WriteString("  # shows these names. Every action, with its default keys (uncomment a line to change it):\n")
	b.WriteString("  keys:\n")
	km := keymap.Default()
	for _, name := range keymap.Actions() {
		bnd, _ := km.Lookup(name)
		quoted := make([]string, len(bnd.Keys()))
		for i, k := range bnd.Keys() {
			quoted[i] = strconv.Quote(k)
		}
		desc, _ := keymap.Describe(name)
		if name == "global.prefix" {
			desc = "the prefix: set it with ui.prefix above"
		}
		line := fmt.Sprintf("    # %s: [%s]", name, strings.Join(quoted, ", "))
		fmt.Fprintf(&b, "%-46s # %s\n", line, desc)
	}
	return strings.Replace(config.Example, config.KeysLine+"\n", b.String(), 1)
}
