package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/config"
)

// Connection is what ClientConfig produced: the cciapi.Config to pass to cciapi.NewClient, how
// it was resolved (endpoints, credential source, never a secret), and, for password logins, the
// IAM Authorizer (for `podmux login` and for Refresh after a 401).
type Connection struct {
	Config   cciapi.Config
	Resolved *config.Resolved
	IAM      *cciapi.IAMTokenAuth
	// File is the loaded configuration file (UI, recording, reconnect settings), defaults if
	// the file is missing.
	File *config.Config
}

// ClientConfig goes from the global flags, the environment (env) and the config file at
// env.ConfigFile() to a cciapi.Config: endpoints from --endpoint / the profile / the cloud
// templates, TLS from the flags / profile / clouds.yaml, and an Authorizer from the first
// credential source that has one (config.Resolve). prompt asks for an MFA passcode (nil: never
// ask). Warnings (secrets in files, TLS verification off) are written to warn. It makes no
// network request. Without credentials the error wraps config.ErrNoCredentials and the
// Connection holds only Resolved (endpoints, TLS, the sources looked at).
func ClientConfig(ctx context.Context, g *Globals, env config.Env, prompt func(context.Context, string) (string, error), warn io.Writer) (*Connection, error) {
	cfg, err := loadConfigFile(env.ConfigFile())
	if err != nil {
		return nil, err
	}
	r, err := config.Resolve(ctx, config.Options{
		Config: cfg, Profile: g.Profile, Endpoint: g.Endpoint, Token: config.Secret(g.Token),
		CAFile: g.CAFile, InsecureSkipTLSVerify: g.InsecureSkipTLSVerify, Env: env,
	})
	if errors.Is(err, config.ErrNoCredentials) && r != nil {
		// The endpoints and where it looked are still worth showing (auth status).
		return &Connection{Resolved: r, File: cfg}, err
	}
	if err != nil {
		return nil, err
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(warn, "podmux: warning: %s\n", w)
	}
	conn := &Connection{Resolved: r, File: cfg, Config: cciapi.Config{
		Endpoint: r.Endpoint, CAFile: r.CAFile, InsecureSkipTLSVerify: r.InsecureSkipTLSVerify,
		Keepalive: cfg.Keepalive, UserAgent: "podmux/" + Version,
	}}
	if cfg.Keepalive == 0 {
		conn.Config.Keepalive = -1
	}
	conn.Config.ExecProtocol = g.ExecProtocol
	if p, ok := cfg.Profiles[r.Profile]; ok && g.ExecProtocol == "" {
		conn.Config.ExecProtocol = p.ExecProtocol
	}
	if err := checkExecProtocol(g.ExecProtocol); err != nil {
		return nil, err
	}
	switch r.Method {
	case config.MethodToken:
		conn.Config.Auth = cciapi.TokenAuth(r.Token.Reveal())
	case config.MethodAKSK:
		k := r.AKSK
		signer := &cciapi.AKSKSigner{AK: k.AK, SK: k.SK, ProjectID: k.ProjectID, SecurityToken: k.SecurityToken}
		if k.ProjectID == "" && r.IAMEndpoint != "" {
			hc, err := cciapi.NewIAMHTTPClient(r.CAFile, r.InsecureSkipTLSVerify)
			if err != nil {
				return nil, err
			}
			signer.ProjectName, signer.IAMEndpoint, signer.HTTP = k.ProjectName, r.IAMEndpoint, hc
		}
		conn.Config.Auth = signer
	case config.MethodPassword:
		hc, err := cciapi.NewIAMHTTPClient(r.CAFile, r.InsecureSkipTLSVerify)
		if err != nil {
			return nil, err
		}
		p := r.Password
		a, err := cciapi.NewIAMTokenAuth(cciapi.IAMPassword{
			Endpoint: r.IAMEndpoint, User: p.User, UserID: p.UserID, Domain: p.Domain,
			Password: p.Password, ProjectName: p.ProjectName, ProjectID: p.ProjectID,
			Passcode: p.Passcode, Prompt: prompt, Cache: r.TokenCache, HTTP: hc,
		})
		if err != nil {
			return nil, err
		}
		conn.Config.Auth, conn.IAM = a, a
	default:
		return nil, fmt.Errorf("credential method %q is not known", r.Method)
	}
	return conn, nil
}

// TerminalPrompt asks on the controlling terminal (stderr for the question, stdin for the
// answer, not echoed). Without a terminal it fails, telling the user to set OS_PASSCODE.
func TerminalPrompt(_ context.Context, question string) (string, error) {
	fd := int(os.Stdin.Fd())
	if !term.IsTerminal(fd) {
		return "", errors.New("no terminal to ask for the MFA passcode on: set OS_PASSCODE")
	}
	fmt.Fprint(os.Stderr, question)
	b, err := term.ReadPassword(fd)
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(b)), nil
}

// AuthCmd groups the credential commands.
type AuthCmd struct {
	Status AuthStatusCmd `cmd:"" help:"Show which credentials podmux would use and check that they work (lists namespaces)."`
}

// AuthStatusCmd prints the profile, endpoints, credential source and TLS mode, then checks the
// credentials with one cheap call. It never prints a secret.
type AuthStatusCmd struct {
	NoCheck bool `name:"no-check" help:"Do not contact the cloud; only show what would be used."`
}

// Run prints the status to stdout; a failed check is exit status 1.
func (c *AuthStatusCmd) Run(g *Globals) error {
	return c.status(context.Background(), g, config.SystemEnv(), TerminalPrompt, os.Stdout, os.Stderr)
}

func (c *AuthStatusCmd) status(ctx context.Context, g *Globals, env config.Env, prompt func(context.Context, string) (string, error), out, warn io.Writer) error {
	if g.Demo {
		fmt.Fprintln(out, "Mode:      --demo (an embedded local server with a generated token; no cloud credentials are used)")
		fmt.Fprintf(out, "Exec:      %s\n", execProtocolText(g.ExecProtocol))
		return nil
	}
	conn, err := ClientConfig(ctx, g, env, prompt, warn)
	if errors.Is(err, config.ErrNoCredentials) && conn != nil {
		r := conn.Resolved
		printEndpoints(out, r)
		fmt.Fprintf(out, "Method:    none: no credentials found\n")
		fmt.Fprintf(out, "Looked at: %s\n", strings.Join(r.Looked, "\n           "))
		fmt.Fprintf(out, "TLS:       %s\n", tlsText(r))
		return err
	}
	if err != nil {
		return err
	}
	r := conn.Resolved
	printEndpoints(out, r)
	fmt.Fprintf(out, "Method:    %s\n", methodText(r))
	fmt.Fprintf(out, "Source:    %s\n", r.Source)
	if r.Method == config.MethodPassword {
		if _, exp, ok := r.TokenCache.LoadToken(); ok && time.Now().Before(exp) {
			fmt.Fprintf(out, "Token:     cached in %s until %s\n", r.TokenCache.Path, exp.Local().Format(time.RFC3339))
		} else {
			fmt.Fprintf(out, "Token:     none cached (%s); one is fetched from IAM on first use\n", r.TokenCache.Path)
		}
	}
	fmt.Fprintf(out, "TLS:       %s\n", tlsText(r))
	fmt.Fprintf(out, "Exec:      %s\n", execProtocolText(conn.Config.ExecProtocol))
	if c.NoCheck {
		return nil
	}
	client, err := cciapi.NewClient(conn.Config)
	if err != nil {
		fmt.Fprintf(out, "Check:     FAILED: %v\n", err)
		return ExitError{Code: 1}
	}
	cctx, cancel := context.WithTimeout(ctx, 45*time.Second)
	defer cancel()
	nss, err := client.ListNamespaces(cctx)
	if err != nil && conn.IAM != nil && cciapi.IsUnauthorized(err) {
		// A cached token may have been revoked early: get a new one once and retry.
		if rerr := conn.IAM.Refresh(cctx); rerr == nil {
			nss, err = client.ListNamespaces(cctx)
		} else {
			err = rerr
		}
	}
	if err != nil {
		fmt.Fprintf(out, "Check:     FAILED: %s\n", checkHint(err))
		return ExitError{Code: 1}
	}
	fmt.Fprintf(out, "Check:     ok: listed %d namespace(s)\n", len(nss))
	return nil
}

// printEndpoints prints the profile, cloud and endpoints lines of auth status.
func printEndpoints(out io.Writer, r *config.Resolved) {
	fmt.Fprintf(out, "Profile:   %s\n", orNone(r.Profile))
	region := ""
	if r.Region != "" {
		region = " (region " + r.Region + ")"
	}
	fmt.Fprintf(out, "Cloud:     %s%s\n", r.Cloud, region)
	fmt.Fprintf(out, "Endpoint:  %s\n", orNone(r.Endpoint))
	fmt.Fprintf(out, "IAM:       %s\n", orNone(r.IAMEndpoint))
}

func methodText(r *config.Resolved) string {
	switch r.Method {
	case config.MethodToken:
		return "token (X-Auth-Token)"
	case config.MethodPassword:
		p := r.Password
		scope := p.ProjectName
		if p.ProjectID != "" {
			scope = "id " + p.ProjectID
		}
		return fmt.Sprintf("IAM password login as %s (account %s, project %s)", orNone(firstOf(p.User, p.UserID)), orNone(p.Domain), scope)
	case config.MethodAKSK:
		k := r.AKSK
		s := "AK/SK signature (SDK-HMAC-SHA256), access key " + maskAK(k.AK)
		if k.ProjectID != "" {
			s += ", project id " + k.ProjectID
		} else if k.ProjectName != "" {
			s += ", project id looked up for " + k.ProjectName
		}
		if k.SecurityToken != "" {
			s += ", temporary (security token)"
		}
		return s
	}
	return r.Method
}

// tlsText is the TLS mode of the CCI endpoint as the client will use it.
func tlsText(r *config.Resolved) string {
	if u, err := url.Parse(r.Endpoint); err == nil && u.Scheme == "http" {
		if host := u.Hostname(); !isLoopbackHost(host) {
			return "none: plain http to " + host + ", which podmux refuses (http only to loopback): use https://"
		}
		return "none (plain http to loopback)"
	}
	switch {
	case r.InsecureSkipTLSVerify:
		return "certificate verification OFF (insecure)"
	case r.CAFile != "":
		return "verified (system roots + " + r.CAFile + ")"
	}
	return "verified (system roots)"
}

// checkHint adds what to do to the common failures.
func checkHint(err error) string {
	s := err.Error()
	if strings.Contains(s, "x509:") || strings.Contains(s, "certificate") {
		s += " (is the server's certificate trusted? pass --ca-file with its CA, e.g. the file `podmux serve --tls` prints)"
	}
	return s
}

// maskAK shows the first 4 characters of an access key (the AK is not secret, but need not be
// shown whole).
func maskAK(ak string) string {
	if len(ak) <= 4 {
		return ak
	}
	return ak[:4] + strings.Repeat("*", min(len(ak)-4, 8))
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
