package cli

import "errors"

// TUICmd is being built; its owner replaces this file.
type TUICmd struct{}

// Run reports that the command is not built yet.
func (TUICmd) Run(g *Globals) error { return errors.New("tui: not built yet") }
