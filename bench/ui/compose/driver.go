package main

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/podmux/podmux/ui"
)

// driver runs the root model the way Bubble Tea does, minus the renderer: commands run in
// goroutines, their messages come back on one channel, and only the driver's goroutine calls
// Update and View.
type driver struct {
	m    *ui.Model
	msgs chan tea.Msg
}

func newDriver(m *ui.Model) *driver {
	d := &driver{m: m, msgs: make(chan tea.Msg, 1024)}
	d.run(m.Init())
	return d
}

func (d *driver) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		if msg := cmd(); msg != nil {
			d.msgs <- msg
		}
	}()
}

// deliver hands msg to Update (batches are unpacked) and runs the returned command.
func (d *driver) deliver(msg tea.Msg) {
	if b, ok := msg.(tea.BatchMsg); ok {
		for _, c := range b {
			d.run(c)
		}
		return
	}
	_, cmd := d.m.Update(msg)
	d.run(cmd)
}

// key delivers a key press.
func (d *driver) key(k tea.KeyPressMsg) { d.deliver(k) }

// drain delivers every message already queued, without waiting.
func (d *driver) drain() {
	for {
		select {
		case msg := <-d.msgs:
			d.deliver(msg)
		default:
			return
		}
	}
}

// until delivers messages until cond holds or the timeout passes.
func (d *driver) until(what string, timeout time.Duration, cond func() bool) error {
	deadline := time.After(timeout)
	for !cond() {
		select {
		case msg := <-d.msgs:
			d.deliver(msg)
		case <-deadline:
			return fmt.Errorf("timed out after %v waiting for %s", timeout, what)
		case <-time.After(5 * time.Millisecond):
		}
	}
	return nil
}
