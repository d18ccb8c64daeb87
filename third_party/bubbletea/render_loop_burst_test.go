package tea

import (
	"strings"
	"testing"
)

// burstModel counts the keys it was given, the bursts ended and the views made; it quits once
// it has seen want keys.
type burstModel struct {
	want, keys    int
	views, bursts int
	viewedKeys    int  // keys seen by the last View
	unended       bool // an Update ran and no EndBurst since
	viewBeforeEnd bool // a View ran after an Update without an EndBurst between
}

func (m *burstModel) Init() Cmd { return nil }

func (m *burstModel) Update(msg Msg) (Model, Cmd) {
	if _, ok := msg.(KeyPressMsg); ok {
		m.keys++
		m.unended = true
		if m.keys == m.want {
			return m, Quit
		}
	}
	return m, nil
}

func (m *burstModel) EndBurst() { m.bursts++; m.unended = false }

func (m *burstModel) View() View {
	if m.unended {
		m.viewBeforeEnd = true
	}
	m.views++
	m.viewedKeys = m.keys
	return NewView("")
}

// TestRenderLoopBurstViewsOnce checks the podmux patch to the event loop: keys that arrive in
// one read (a paste typed as keys) are each given to Update, but the model is viewed once per
// burst (at most once per frame interval during it) instead of once per key; EndBurst runs
// before every View, and the last state is viewed.
func TestRenderLoopBurstViewsOnce(t *testing.T) {
	const n = 20000
	var out lockedBuffer
	m := &burstModel{want: n}
	p := NewProgram(m, WithInput(strings.NewReader(strings.Repeat("a", n))), WithOutput(&out))
	if _, err := p.Run(); err != nil {
		t.Fatal(err)
	}
	if m.keys != n || m.viewedKeys != n {
		t.Fatalf("keys %d, last view saw %d; want %d", m.keys, m.viewedKeys, n)
	}
	if m.viewBeforeEnd {
		t.Fatal("a View ran after an Update without EndBurst first")
	}
	if m.views > n/10 || m.bursts < m.views {
		t.Fatalf("%d views and %d bursts for %d keys; want views ≤ %d and a burst end per view", m.views, m.bursts, n, n/10)
	}
	t.Logf("%d keys: %d views, %d burst ends", n, m.views, m.bursts)
}
