package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/cciapi/localcci"
	"github.com/podmux/podmux/config"
	"github.com/podmux/podmux/session"
	"github.com/podmux/podmux/ui"
	"github.com/podmux/podmux/ui/styles"
)

// TUICmd starts the terminal UI.
type TUICmd struct{}

// execDialer runs sessions as tty exec streams through a cciapi client.
func execDialer(c *cciapi.Client) session.Dialer {
	return session.DialerFunc(func(ctx context.Context, t session.Target, cmd []string, cols, rows int) (session.Stream, error) {
		s, err := c.Exec(ctx, cciapi.ExecOptions{
			Namespace: t.Namespace, Pod: t.Pod, Container: t.Container, Command: cmd,
			Stdin: true, Stdout: true, TTY: true,
			InitialWidth: uint16(min(cols, 65535)), InitialHeight: uint16(min(rows, 65535)),
		})
		if err != nil {
			return nil, err
		}
		return labeledStream{s}, nil
	})
}

// endpoint is a connected client plus what the UI says about it.
type endpoint struct {
	client *cciapi.Client
	url    string
	local  bool
	close  func()
	// closeWithin closes within a deadline, on the way out (localcci.Instance.CloseWithin).
	closeWithin func(time.Duration)
}

// connect builds the client: to an in-process local server with --demo, else to --endpoint.
func connect(g *Globals, animate bool) (*endpoint, error) {
	if g.Demo {
		in, err := localcci.Start(localcci.Options{Animate: animate, Fleet: true}, "", false)
		if err != nil {
			return nil, fmt.Errorf("starting the local demo server: %w", err)
		}
		if err := checkExecProtocol(g.ExecProtocol); err != nil {
			_ = in.Close()
			return nil, err
		}
		c, err := cciapi.NewClient(cciapi.Config{Endpoint: in.URL, Auth: cciapi.TokenAuth(in.Token()), UserAgent: "podmux/" + Version, ExecProtocol: g.ExecProtocol})
		if err != nil {
			_ = in.Close()
			return nil, err
		}
		return &endpoint{client: c, url: in.URL + " (local)", local: true, close: func() { _ = in.Close() },
			closeWithin: func(d time.Duration) { in.CloseWithin(d) }}, nil
	}
	ctx := context.Background()
	conn, err := ClientConfig(ctx, g, config.SystemEnv(), TerminalPrompt, os.Stderr)
	if err != nil {
		if errors.Is(err, config.ErrNoCredentials) {
			return nil, fmt.Errorf("%w; or try --demo for the local demo", err)
		}
		return nil, err
	}
	if conn.IAM != nil {
		// Log in before the UI starts, so an MFA prompt appears on the plain terminal.
		if _, _, err := conn.IAM.Token(ctx); err != nil {
			return nil, err
		}
	}
	c, err := cciapi.NewClient(conn.Config)
	if err != nil {
		return nil, err
	}
	return &endpoint{client: c, url: conn.Config.Endpoint, close: func() {}, closeWithin: func(time.Duration) {}}, nil
}

// Run starts the UI and blocks until the user quits. Every session is ended on the way out.
func (TUICmd) Run(g *Globals) error {
	// The config first: its errors (keys included) stop podmux before any connection is made.
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	km, err := keyMap(cfg)
	if err != nil {
		return fmt.Errorf("config %s: keys: %w", cfg.Path, err)
	}
	ep, err := connect(g, true)
	if err != nil {
		return err
	}
	opts := session.Options{Dialer: withTexts(withReplays(execDialer(ep.client))), Logs: logDialer(ep.client), ScrollbackLines: cfg.UI.ScrollbackLines, Shells: cfg.UI.Shells,
		Reconnect: reconnectPolicy(cfg.Reconnect)}
	if cfg.Recording.Enabled && !g.NoRecord {
		root := RecordingsDir()
		pruneRecordings(root, cfg.Recording)
		opts.Tee = recordTee(root)
		opts.RecordInput = cfg.Recording.RecordInput
	}
	mgr := session.NewManager(opts)
	defer quit(mgr, ep)
	m := ui.New(ui.Options{
		Backend: ep.client.WithPollInterval(cfg.UI.PollInterval), Sessions: mgr, Keys: km, Styles: themeStyles(cfg.UI.Theme), AutoTheme: cfg.UI.Theme == "auto",
		Endpoint: ep.url, Local: ep.local, RecordingsDir: RecordingsDir(),
		LogTail: cfg.UI.LogTail, Events: ep.client,
		Exec: ep.client, RunTee: uiRunRecorder(g),
	})
	prog := tea.NewProgram(m, ui.ProgramOptions()...)
	defer quitOnHangup(prog)()
	_, err = prog.Run()
	return err
}

// quitGrace bounds what quitting does after the terminal is restored: recordings are closed
// first (whole, however long that takes), then the sessions and the embedded server end in
// parallel within quitGrace; what is left ends with the process. The user has the terminal back
// once the process is gone, so this is the tail of every quit (BENCHMARKS.md, quit).
const quitGrace = 25 * time.Millisecond

// quit ends the sessions and the endpoint for a quitting UI.
func quit(mgr *session.Manager, ep *endpoint) {
	deadline := time.Now().Add(quitGrace)
	done := make(chan struct{})
	go func() { defer close(done); mgr.Shutdown(quitGrace) }()
	ep.closeWithin(time.Until(deadline))
	<-done
}

// themeStyles is the theme config ui.theme names; "auto" starts dark until the terminal says
// what its background is (ui.Options.AutoTheme).
func themeStyles(theme string) styles.Styles {
	if theme == "light" {
		return styles.Light()
	}
	return styles.Dark()
}

// reconnectPolicy is config reconnect.* for sessions; disabled means never.
func reconnectPolicy(rc config.Reconnect) session.ReconnectPolicy {
	if !rc.Enabled {
		return session.ReconnectPolicy{}
	}
	return session.ReconnectPolicy{MaxAttempts: rc.MaxAttempts, Backoff: rc.Backoff, MaxBackoff: rc.MaxBackoff}
}
