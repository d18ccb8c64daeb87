package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/podmux/podmux/config"
)

// LoginCmd fetches an IAM token with the resolved password credentials (asking for an MFA
// passcode if IAM wants one) and caches it for later runs. It prints where the token is cached
// and until when, never the token.
type LoginCmd struct{}

// Run logs in.
func (c *LoginCmd) Run(g *Globals) error {
	return c.login(context.Background(), g, config.SystemEnv(), TerminalPrompt, os.Stdout, os.Stderr)
}

func (c *LoginCmd) login(ctx context.Context, g *Globals, env config.Env, prompt func(context.Context, string) (string, error), out, warn io.Writer) error {
	if g.Demo {
		return fmt.Errorf("login: --demo uses a generated token; there is nothing to log in to")
	}
	conn, err := ClientConfig(ctx, g, env, prompt, warn)
	if err != nil {
		return err
	}
	r := conn.Resolved
	if conn.IAM == nil {
		return fmt.Errorf("login: the credentials come from %s (%s): they need no login; `podmux login` is for IAM user name + password", r.Source, r.Method)
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	exp, err := conn.IAM.Login(ctx)
	if err != nil {
		return fmt.Errorf("login: %w", err)
	}
	fmt.Fprintf(out, "Logged in to %s as %s (%s).\n", r.IAMEndpoint, firstOf(r.Password.User, r.Password.UserID), r.Source)
	fmt.Fprintf(out, "Token cached in %s until %s.\n", r.TokenCache.Path, exp.Local().Format(time.RFC3339))
	return nil
}
