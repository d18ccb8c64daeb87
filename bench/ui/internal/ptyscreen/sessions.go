package ptyscreen

import "fmt"

// OpenSessions, from the demo browser at start, opens n ≥ 3 shells (or none): tabs of three on
// the running pods of shop, then the rest (at most two) split into the last tab, and leaves that
// tab on screen with every shell running.
func (s *Screen) OpenSessions(n int) error {
	if n == 0 {
		return nil
	}
	if n < 3 {
		return fmt.Errorf("%d sessions: open none or at least 3", n)
	}
	tabs := n / 3
	for i := 0; i < tabs; i++ {
		if i > 0 {
			if err := s.Send(CtrlB + "d"); err != nil { // back to the browser, sessions running
				return err
			}
		}
		if err := s.OpenShopTab(i > 0); err != nil {
			return fmt.Errorf("tab %d: %w", i+1, err)
		}
	}
	for i := 0; i < n%3; i++ {
		if err := s.split(4 + i); err != nil {
			return err
		}
	}
	return nil
}
