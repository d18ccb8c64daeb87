package cli

import "errors"

// ExecCmd is being built; its owner replaces this file.
type ExecCmd struct{}

// Run reports that the command is not built yet.
func (ExecCmd) Run(g *Globals) error { return errors.New("exec: not built yet") }
