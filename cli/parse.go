package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/alecthomas/kong"
)

// Main parses args (without the program name) and runs the selected command; it returns the
// process exit code. A command-line mistake prints, as kubectl does, the error and one line
// pointing to --help, both on stderr, and returns 2; --help itself prints to stdout and returns 0.
func Main(args []string, stdout, stderr io.Writer) int {
	var c CLI
	exit := -1
	parser, err := kong.New(&c,
		kong.Name("podmux"),
		kong.Description("A terminal UI for CCI v2 pods: browse, and run many shells in tabs and panes."),
		kong.Vars{"version": Version},
		kong.Writers(stdout, stderr),
		kong.Exit(func(code int) { exit = code }),
	)
	if err != nil {
		fmt.Fprintf(stderr, "podmux: %v\n", err)
		return 1
	}
	ctx, err := parser.Parse(args)
	if exit >= 0 { // --help (or another flag that ends the run) already printed its answer
		return exit
	}
	if err != nil {
		fmt.Fprintf(stderr, "podmux: error: %v\n", err)
		fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", helpCommand(err))
		return 2
	}
	return Run(ctx, &c)
}

// helpCommand is the command whose --help fits a parse error: "podmux exec" for a bad flag of
// exec, "podmux" otherwise.
func helpCommand(err error) string {
	var pe *kong.ParseError
	if errors.As(err, &pe) && pe.Context != nil {
		for i := len(pe.Context.Path) - 1; i >= 0; i-- {
			if cmd := pe.Context.Path[i].Command; cmd != nil && !cmd.Hidden {
				return strings.TrimSpace(cmd.FullPath())
			}
		}
	}
	return "podmux"
}
