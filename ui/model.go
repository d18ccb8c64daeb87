// Package ui is podmux's one Bubble Tea model: a browser of namespaces and pods, and a workspace
// of tabs whose tmux-style layouts show exec sessions in panes. Only Model implements tea.Model;
// components are plain data with methods that draw into a rectangle. Update does no IO: every
// request runs in a command, and output wakes the UI at most once per frame.
package ui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/fanout"
	"github.com/podmux/podmux/keymap"
	"github.com/podmux/podmux/session"
	"github.com/podmux/podmux/session/term"
	"github.com/podmux/podmux/ui/styles"
)

// Backend is what the browser needs from a CCI endpoint. *cciapi.Client satisfies it.
type Backend interface {
	ListNamespaces(ctx context.Context) ([]cciapi.Namespace, error)
	WatchPods(ctx context.Context, ns string) <-chan cciapi.PodUpdate
}

// Options configure the model.
type Options struct {
	Backend  Backend
	Sessions *session.Manager
	Keys     keymap.KeyMap
	Styles   styles.Styles
	Endpoint string // shown in the header
	Local    bool   // the endpoint is podmux's local server: show the badge
	// RecordingsDir is where session recordings are listed from (:history, prefix R).
	RecordingsDir string
	Now           func() time.Time
	// AutoTheme: ask the terminal for its background colour and switch Styles to
	// styles.Light or styles.Dark to match (config ui.theme: auto).
	AutoTheme bool
	// LogTail is how many lines a log pane starts with (config ui.log_tail; 0: 500).
	LogTail int
	// Events, when set, lists a pod's events for the detail panel (*cciapi.Client has it).
	Events EventSource
	// Exec runs fan-out commands (browser !, :run); nil: not available. *cciapi.Client fits.
	Exec fanout.Execer
	// RunTee, when set, gives each fan-out run its recordings (one per pod).
	RunTee func(cmd []string, n int) func(int, fanout.Target) fanout.Tee
}

type mode int

const (
	modeBrowser mode = iota
	modeWorkspace
)

// pickKind is what choosing a pod in the browser does.
type pickKind int

const (
	pickNewTab pickKind = iota
	pickSplitRight
	pickSplitBelow
)

// Model is the root model. Use it as a pointer.
type Model struct {
	opts Options
	km   keymap.KeyMap
	st   *styles.Styles

	w, h int
	mode mode
	br   *browser
	ws   *workspace
	pick pickKind

	prefix  bool       // the prefix key was pressed; the next key is a workspace command
	typed   []gathered // input of this burst of messages, sent by EndBurst
	overlay overlay    // an open dialog, chooser or help; nil when none

	statusText string
	statusErr  bool
	statusTill time.Time

	watchGen      int
	watchCancel   context.CancelFunc
	watchCh       <-chan cciapi.PodUpdate
	lastFrame     time.Time
	quitting      bool
	focusedSess   *session.Session // the session told it has focus
	redrawPending bool             // a redrawMsg is scheduled
	tickPending   bool             // a tickMsg is scheduled
	lastContent   string           // the last View's content, handed back while unchanged (a cache)
	runSeq        int              // ids of fan-out runs (results tabs)
	tabBarMemo    tabBarMemo       // the last tab bar and what it showed (tabBar)
}

var _ tea.Model = (*Model)(nil)

// New builds the model.
func New(o Options) *Model {
	if o.Now == nil {
		o.Now = time.Now
	}
	st := o.Styles
	return &Model{opts: o, km: o.Keys, st: &st, br: newBrowser(), ws: newWorkspace()}
}

// Init starts the namespace list, the frame and lifecycle waiters, and the clock.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(fetchNamespaces(m.opts.Backend), waitFrame(m.opts.Sessions, time.Time{}), waitEvents(m.opts.Sessions),
		m.themeQuery())
}

// Update routes messages: async results by id, input by focus.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	if m.mode == modeBrowser {
		// Only the browser shows the lists; in the workspace this (a fuzzy filter over the pods)
		// would cost every key typed into a shell. Entering the browser runs it.
		m.br.follow(m.h - 4) // header, status bar, list title and column header
	}
	m.syncFocus()
	cmd = tea.Batch(cmd, m.refreshEvents())
	if !m.tickPending && (m.mode == modeBrowser || m.statusText != "" || m.replayPlaying()) {
		// The clock runs only while something shows time: pod ages, a status message, the
		// position of a recording playing.
		m.tickPending = true
		cmd = tea.Batch(cmd, tick())
	}
	return m, cmd
}

// syncFocus tells the sessions which one the user works in (it gets the larger output budget).
func (m *Model) syncFocus() {
	var cur *session.Session
	if p := m.ws.focused(); p != nil && m.mode == modeWorkspace {
		cur = p.sess
	}
	if cur == m.focusedSess {
		return
	}
	if m.focusedSess != nil {
		m.focusedSess.SetFocused(false)
	}
	if cur != nil {
		cur.SetFocused(true)
	}
	m.focusedSess = cur
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case runMsg:
		return m.onRunMsg(msg)
	case exportedMsg:
		if msg.err != nil {
			m.setError("exporting the run: " + msg.err.Error())
		} else {
			m.setInfo("exported " + itoa(msg.n) + " pods as JSON lines to " + msg.path)
		}
		return nil
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		m.relayoutAll()
		return nil
	case tea.ModeReportMsg:
		noteHostMode(msg)
		return nil
	case tea.BackgroundColorMsg:
		m.applyBackground(msg)
		return nil
	case namespacesMsg:
		m.br.setNamespaces(msg.items, msg.err)
		if msg.err != nil {
			m.setError("listing namespaces: " + msg.err.Error())
		}
		return m.ensureWatch()
	case watchStartedMsg:
		if msg.gen != m.watchGen {
			msg.cancel()
			return nil
		}
		m.watchCancel, m.watchCh = msg.cancel, msg.ch
		return nextPods(msg.ch, msg.gen)
	case podsMsg:
		if msg.gen != m.watchGen || msg.closed {
			return nil
		}
		m.br.setPods(msg.update)
		return nextPods(m.watchCh, msg.gen)
	case frameMsg:
		m.noteActivity(msg.dirty)
		m.rebaseScrolls()
		m.lastFrame = m.opts.Now()
		return tea.Batch(waitFrame(m.opts.Sessions, m.lastFrame), m.catchUp(msg.dirty))
	case redrawMsg:
		m.redrawPending = false
		// Release every hold, whatever the clock says: the View that runs after this Update
		// redraws the held background panes.
		for _, p := range m.ws.panes {
			p.drawnAt = time.Time{}
		}
		return nil
	case eventsMsg:
		m.noteEvents(msg.events)
		return waitEvents(m.opts.Sessions)
	case podEventsMsg:
		m.gotEvents(msg)
		return nil
	case historyMsg:
		m.openHistory(msg)
		return nil
	case tickMsg:
		m.tickPending = false
		if !m.statusTill.IsZero() && m.opts.Now().After(m.statusTill) {
			m.statusText, m.statusTill = "", time.Time{}
		}
		return nil
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case tea.PasteMsg:
		return m.handlePaste(msg.Content)
	case tea.MouseClickMsg:
		return m.handleClick(msg.Mouse())
	case tea.MouseWheelMsg:
		return m.handleWheel(msg.Mouse())
	case tea.MouseReleaseMsg:
		return m.handleMouseOther(msg.Mouse(), term.MouseRelease)
	case tea.MouseMotionMsg:
		return m.handleMouseOther(msg.Mouse(), term.MouseMotion)
	}
	return nil
}

// ensureWatch starts watching the selected namespace if it is not the watched one.
func (m *Model) ensureWatch() tea.Cmd {
	ns := m.br.nsSel
	if ns == "" || ns == m.br.watching {
		return nil
	}
	if m.watchCancel != nil {
		m.watchCancel()
		m.watchCancel = nil
	}
	m.watchGen++
	m.br.startWatching(ns)
	if ns == allNamespaces {
		ns = "" // WatchPods("") watches every namespace
	}
	return startWatch(m.opts.Backend, ns, m.watchGen)
}

// setError shows a one-line error in the status bar for a while.
func (m *Model) setError(s string) {
	m.statusText, m.statusErr, m.statusTill = oneLine(s), true, m.opts.Now().Add(8*time.Second)
}

// setInfo shows a one-line message in the status bar for a while.
func (m *Model) setInfo(s string) {
	m.statusText, m.statusErr, m.statusTill = oneLine(s), false, m.opts.Now().Add(4*time.Second)
}

// redrawMsg asks for one more View, so background panes held by backgroundRedraw show their
// last output.
type redrawMsg struct{}

// catchUp schedules a redraw for when the visible background panes among dirty may be drawn
// again, so their last output is never left undrawn.
func (m *Model) catchUp(dirty []session.ID) tea.Cmd {
	t := m.ws.cur()
	if t == nil || m.mode != modeWorkspace || len(dirty) == 0 || m.redrawPending {
		return nil
	}
	var latest time.Time
	for _, id := range dirty {
		p := m.ws.paneOfSession(id)
		if p == nil || p.id == t.focus || !t.tree.Contains(p.id) {
			continue
		}
		if p.drawnAt.After(latest) {
			latest = p.drawnAt
		}
	}
	if latest.IsZero() {
		return nil
	}
	m.redrawPending = true
	return tea.Tick(backgroundRedraw+time.Millisecond-m.opts.Now().Sub(latest), func(time.Time) tea.Msg { return redrawMsg{} })
}

// noteActivity marks hidden tabs whose sessions printed.
func (m *Model) noteActivity(dirty []session.ID) {
	for _, id := range dirty {
		if i := m.ws.tabOfSession(id); i >= 0 && (i != m.ws.active || m.mode != modeWorkspace) {
			m.ws.tabs[i].activity = true
		}
	}
}

// noteEvents reports failures in the status bar.
func (m *Model) noteEvents(evs []session.Event) {
	for _, e := range evs {
		s := m.opts.Sessions.Get(e.ID)
		if s == nil {
			continue
		}
		if e.Notice != "" {
			m.setError(s.Target().String() + ": " + e.Notice)
			continue
		}
		switch e.Status.State {
		case session.Failed:
			m.setError(s.Target().String() + ": " + e.Status.Text())
		case session.Exited:
			if i := m.ws.tabOfSession(e.ID); i >= 0 && i != m.ws.active {
				m.ws.tabs[i].activity = true
			}
		}
		if e.Status.Ended() {
			m.noteEnd(s, e.Status)
		}
	}
}

func oneLine(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' || s[i] == '\r' {
			return s[:i]
		}
	}
	return s
}

// tabBarMemo is the last tab bar drawn and its tabBarKey.
type tabBarMemo struct{ key, bar string }
