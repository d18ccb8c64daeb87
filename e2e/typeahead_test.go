package e2e

import "testing"

// Keys typed right after opening a shell, before it runs, reach it: nothing typed is lost
// while the session connects. The prompt names the pod, as a container's does.
func TestTypingBeforeTheShellRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	s := start(t, 120, 40, "--demo")
	s.waitText("namespaces")
	s.send("/shop" + enter)
	s.waitText("pods in shop")
	s.send(tab)
	s.waitText("cart-5c6b7d9f8-qw8rt")
	s.send("/cart" + enter)
	s.send(enter + "echo TYPED-$((6*7))" + enter) // no wait for the shell
	s.waitText("TYPED-42")
	s.waitText("@cart-5c6b7d9f8-qw8rt:~")
}
