package e2e

import "testing"

func TestHelpOverlay(t *testing.T) {
	s := start(t, 200, 50, "--demo")
	s.waitText("namespaces")
	s.send("?")
	s.waitText("After the prefix")
	s.send(esc)
	s.waitFor("help to close", func(l []string) bool { return !contains(l, "After the prefix") })
}
