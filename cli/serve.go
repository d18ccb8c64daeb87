package cli

import "errors"

// ServeCmd is being built; its owner replaces this file.
type ServeCmd struct{}

// Run reports that the command is not built yet.
func (ServeCmd) Run(g *Globals) error { return errors.New("serve: not built yet") }
