// Package cli holds podmux's commands: one file a command, each a kong command struct whose Run
// method does the work. Commands report errors as one line on stderr and an exit code.
package cli

import (
	"errors"
	"fmt"
	"os"

	"github.com/alecthomas/kong"
)

// Version is podmux's version; set with -ldflags "-X github.com/podmux/podmux/cli.Version=…".
var Version = "0.1.0-dev"

// Globals are the flags every command shares.
type Globals struct {
	Endpoint              string `help:"CCI v2 endpoint base URL (https; http only for loopback)." env:"PODMUX_ENDPOINT"`
	Token                 string `help:"IAM token sent as X-Auth-Token." env:"PODMUX_TOKEN"`
	CAFile                string `name:"ca-file" help:"Extra CA certificate file (PEM) to trust." type:"path"`
	InsecureSkipTLSVerify bool   `name:"insecure-skip-tls-verify" help:"Do not verify the server's TLS certificate (unsafe)."`
	Demo                  bool   `help:"Run against an embedded local CCI-compatible server (local demo, no cloud)."`
	Profile               string `help:"Profile of the config file to use (default: its default_profile)." env:"PODMUX_PROFILE"`
	NoRecord              bool   `name:"no-record" help:"Do not record sessions (recording is on by default; see the config file)."`
	ExecProtocol          string `name:"exec-protocol" placeholder:"auto|websocket|spdy" help:"Exec transport: auto (WebSocket, then SPDY/3.1 if the upgrade is refused), websocket or spdy (default: the profile's exec_protocol, else auto)."`
}

// CLI is the whole command line. The TUI is the default command.
type CLI struct {
	Globals

	TUI     TUICmd     `cmd:"" default:"1" hidden:"" help:"Start the terminal UI (default)."`
	Exec    ExecCmd    `cmd:"" help:"Run a command in a pod container, like kubectl exec."`
	Run     RunCmd     `cmd:"" help:"Run one command on many pods at once (fan-out), every answer attributed."`
	Logs    LogsCmd    `cmd:"" help:"Print or follow pod logs, like kubectl logs; merge pods by label selector, like stern."`
	Serve   ServeCmd   `cmd:"" help:"Run the local CCI-compatible server (runs commands on THIS machine)."`
	Render  RenderCmd  `cmd:"" help:"Feed raw terminal output through podmux's engine and print the final screen."`
	Auth    AuthCmd    `cmd:"" help:"Show and check the credentials podmux would use."`
	Login   LoginCmd   `cmd:"" help:"Log in to IAM with a user name and password and cache the token."`
	Config  ConfigCmd  `cmd:"" help:"The configuration file: path, example, check."`
	Replay  ReplayCmd  `cmd:"" help:"Play a recorded session (asciicast v2) in the terminal."`
	Version VersionCmd `cmd:"" help:"Print podmux's version."`
}

// ExitError carries an exit code out of a command without printing anything more.
type ExitError struct{ Code int }

func (e ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// commandExit ends a command that decides its own exit status (exec, logs, run): err, when not
// nil, is printed as one line "podmux: …" on stderr, and a non-zero code becomes an ExitError
// (which Run turns into the process exit code without printing it again).
func commandExit(code int, err error) error {
	if err != nil {
		fmt.Fprintf(os.Stderr, "podmux: %v\n", err)
	}
	if code != 0 {
		return ExitError{Code: code}
	}
	return nil
}

// Run runs the selected command and returns the process exit code. A command error is printed as
// one line "podmux: …" on stderr.
func Run(ctx *kong.Context, c *CLI) int {
	err := ctx.Run(&c.Globals)
	if err == nil {
		return 0
	}
	var ee ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	fmt.Fprintf(os.Stderr, "podmux: %v\n", err)
	return 1
}

// VersionCmd prints the version.
type VersionCmd struct{}

// Run prints "podmux <version>".
func (VersionCmd) Run() error {
	fmt.Printf("podmux %s\n", Version)
	return nil
}
