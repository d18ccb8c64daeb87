package e2e

import (
	"strings"
	"testing"
)

const (
	ctrlB = "\x02"
	enter = "\r"
	tab   = "\t"
	esc   = "\x1b"
)

// boxesOnRow counts pane top-left corners on screen row y.
func boxesOnRow(lines []string, y int) int {
	if y >= len(lines) {
		return 0
	}
	return strings.Count(lines[y], "╭")
}

// openCartShell picks shop/cart in the browser and opens a shell on it.
func openCartShell(s *screenTerm) {
	s.t.Helper()
	s.waitText("cart-5c6b7d9f8-qw8rt")
	s.send("/cart" + enter)
	s.send(enter)
}

func TestWorkspaceEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	const cols, rows = 120, 40
	s := start(t, cols, rows, "--demo")

	// Browser: namespaces, then pods of the first one; pick shop.
	s.waitText("namespaces")
	s.send("/shop" + enter)
	s.waitText("pods in shop")
	s.send(tab)
	openCartShell(s)

	// Pane 1 (tab 0): a shell in shop/cart.
	s.waitText("shop/cart-5c6b7d9f8-qw8rt/cart")
	s.waitFor("a running shell", func(l []string) bool { return strings.Contains(strings.Join(l, "\n"), "running") })
	s.send("echo AAA-$((40+2))" + enter)
	s.waitText("AAA-42")

	// Split right: the browser opens in pick mode on the same pod; enter opens it.
	s.send(ctrlB + "%")
	s.waitText("pick a pod for the pane on the right")
	s.send(enter)
	s.waitFor("two panes side by side", func(l []string) bool { return boxesOnRow(l, 1) == 2 })
	s.waitFor("the second shell to run", func(l []string) bool { return strings.Count(strings.Join(l, "\n"), "running") >= 2 })
	s.send("echo BBB-$((40+3))" + enter)
	lines := s.waitText("BBB-43")
	left, right := region(lines, 0, cols/2), region(lines, cols/2, cols)
	if !strings.Contains(left, "AAA-42") || strings.Contains(left, "BBB-43") {
		t.Fatalf("left pane should hold only the first output:\n%s", strings.Join(lines, "\n"))
	}
	if !strings.Contains(right, "BBB-43") || strings.Contains(right, "AAA-42") {
		t.Fatalf("right pane should hold only the second output:\n%s", strings.Join(lines, "\n"))
	}

	// A third shell in a new tab.
	s.send(ctrlB + "c")
	s.waitText("pick a pod for a new tab")
	s.send(enter)
	s.waitFor("the second tab", func(l []string) bool { return strings.Contains(l[0], "1:") && boxesOnRow(l, 1) == 1 })
	s.waitFor("the third shell to run", func(l []string) bool { return strings.Contains(strings.Join(l, "\n"), "running") })
	s.send("echo CCC-$((40+4))" + enter)
	lines = s.waitText("CCC-44")
	if all := strings.Join(lines, "\n"); strings.Contains(all, "AAA-42") || strings.Contains(all, "BBB-43") {
		t.Fatalf("the new tab must show only its own pane:\n%s", all)
	}

	// Back to the first tab: both outputs are still in their panes.
	s.send(ctrlB + "0")
	lines = s.waitFor("tab 0 again", func(l []string) bool { return boxesOnRow(l, 1) == 2 })
	if all := strings.Join(lines, "\n"); !strings.Contains(all, "AAA-42") || !strings.Contains(all, "BBB-43") || strings.Contains(all, "CCC-44") {
		t.Fatalf("tab 0 should show its two panes:\n%s", all)
	}

	// Zoom: the focused (right) pane fills the screen; zoom again restores.
	s.send(ctrlB + "z")
	lines = s.waitFor("one zoomed pane", func(l []string) bool {
		return boxesOnRow(l, 1) == 1 && strings.HasPrefix(l[1], "╭") && strings.HasSuffix(strings.TrimRight(l[1], " "), "╮") && len([]rune(l[1])) == cols
	})
	if all := strings.Join(lines, "\n"); !strings.Contains(all, "BBB-43") || strings.Contains(all, "AAA-42") {
		t.Fatalf("the zoomed pane should be the right one:\n%s", all)
	}
	s.send(ctrlB + "z")
	s.waitFor("two panes again", func(l []string) bool { return boxesOnRow(l, 1) == 2 })

	// Synchronized input reaches both panes of the tab.
	s.send(ctrlB + "S")
	s.waitText("SYNC")
	s.send("echo SYNC-$((50+1))" + enter)
	lines = s.waitFor("the synchronized command in both panes", func(l []string) bool {
		return strings.Contains(region(l, 0, cols/2), "SYNC-51") && strings.Contains(region(l, cols/2, cols), "SYNC-51")
	})
	s.send(ctrlB + "S")

	// Closing a pane (confirming, since its shell runs) collapses the layout to one pane.
	s.send(ctrlB + "x")
	s.waitText("still running")
	s.send("y")
	s.waitFor("the layout collapsed to one pane", func(l []string) bool {
		return boxesOnRow(l, 1) == 1 && len([]rune(l[1])) == cols && strings.HasSuffix(l[1], "╮")
	})
	_ = lines
}
