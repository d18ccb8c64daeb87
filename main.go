// Command podmux is a keyboard-driven terminal UI for CCI v2 pods: browse namespaces and pods,
// run many exec shells in tabs and split panes. main only wires the command line to package cli.
package main

import (
	"os"

	"github.com/podmux/podmux/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
