package cli

import "errors"

// RenderCmd is being built; its owner replaces this file.
type RenderCmd struct{}

// Run reports that the command is not built yet.
func (RenderCmd) Run(g *Globals) error { return errors.New("render: not built yet") }
