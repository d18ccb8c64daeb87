// Command podmux is a keyboard-driven terminal UI for CCI v2 pods: browse namespaces and pods,
// run many exec shells in tabs and split panes. main only wires the command line to package cli.
package main

import (
	"os"

	"github.com/alecthomas/kong"

	"github.com/podmux/podmux/cli"
)

func main() {
	var c cli.CLI
	ctx := kong.Parse(&c,
		kong.Name("podmux"),
		kong.Description("A terminal UI for CCI v2 pods: browse, and run many shells in tabs and panes."),
		kong.UsageOnError(),
		kong.Vars{"version": cli.Version},
	)
	os.Exit(cli.Run(ctx, &c))
}
