package ptyscreen

import (
	"fmt"
	"strings"
	"time"
)

// Keys as a terminal sends them.
const (
	CtrlB = "\x02"
	CtrlS = "\x13"
	CtrlU = "\x15"
	Enter = "\r"
	Tab   = "\t"
)

// Timeout bounds every wait of a flow.
const Timeout = 30 * time.Second

// ShopPodsRow is a row of the demo fixture's pods table in namespace shop (the first namespace).
const ShopPodsRow = "cart-5c6b7d9f8-qw8rt"

// Count returns how many times text occurs on the screen lines.
func Count(lines []string, text string) int {
	n := 0
	for _, l := range lines {
		n += strings.Count(l, text)
	}
	return n
}

// WaitCount waits until text occurs at least n times on the screen.
func (s *Screen) WaitCount(text string, n int) error {
	_, err := s.WaitFor(fmt.Sprintf("%d× %q", n, text), Timeout, func(l []string) bool { return Count(l, text) >= n })
	return err
}

// OpenShopTab, from the demo browser with the namespaces list focused on shop (as at start) or
// the pods list of shop focused, marks the three pods of shop that run (cart and both web pods;
// the crashlooping checkout cannot exec) and opens shells on them tiled in a new tab, then waits
// until the tab shows three running panes. podsFocused says which list has the focus.
func (s *Screen) OpenShopTab(podsFocused bool) error {
	keys := "g j  " + CtrlS // top, mark cart, skip checkout, mark both web pods
	if !podsFocused {
		keys = Tab + keys
	}
	if _, err := s.WaitText(ShopPodsRow, Timeout); err != nil {
		return err
	}
	if err := s.Send(keys); err != nil {
		return err
	}
	return s.WaitCount(" running", 3)
}

// OpenIdleTabs, from the demo browser at start, opens tabs tabs of three shells each and leaves
// the last tab on screen with its shells idle at their prompts.
func (s *Screen) OpenIdleTabs(tabs int) error {
	for i := 0; i < tabs; i++ {
		if err := s.OpenShopTab(i > 0); err != nil {
			return fmt.Errorf("tab %d: %w", i, err)
		}
		if i < tabs-1 {
			if err := s.Send(CtrlB + "d"); err != nil {
				return err
			}
		}
	}
	// Check the count in the browser's header, then return to the workspace.
	if err := s.Send(CtrlB + "d"); err != nil {
		return err
	}
	if _, err := s.WaitText(fmt.Sprintf("%d tab(s)", tabs), Timeout); err != nil {
		return err
	}
	if err := s.Send("\x1b"); err != nil {
		return err
	}
	return s.WaitCount(" running", 3)
}
