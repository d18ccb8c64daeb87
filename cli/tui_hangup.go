package cli

import (
	"os"
	"os/signal"
	"syscall"

	tea "charm.land/bubbletea/v2"
)

// quitOnHangup ends the program when its terminal goes away (SIGHUP: the window closed, tmux
// kill-server), as Bubble Tea does for SIGTERM, so Run returns and every deferred cleanup runs
// (sessions ended, the demo server's working directory removed) instead of the process dying
// on the signal. The returned func stops listening.
func quitOnHangup(p *tea.Program) func() {
	hup := make(chan os.Signal, 1)
	done := make(chan struct{})
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		select {
		case <-hup:
			p.Kill()
		case <-done:
		}
	}()
	return func() {
		signal.Stop(hup)
		close(done)
	}
}
