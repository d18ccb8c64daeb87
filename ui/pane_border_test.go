package ui

import (
	"errors"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/podmux/podmux/session"
	"github.com/podmux/podmux/ui/styles"
)

// A pane's top border keeps its status when the title and the status do not both fit: the
// status is shortened, never dropped, and the rule still closes the border (issue 15 item 3: a
// failed pane in a 200-column tab split in two showed the title padded with spaces).
func TestTopBorderShortensStatusNeverDropsIt(t *testing.T) {
	st := styles.Default()
	tg := session.Target{Namespace: "batch", Pod: "report-crashloop-7d9f5c6b8-x2kqp", Container: "report"}
	failed := session.Status{State: session.Failed, Err: errors.New(`exec: container "report" in pod "report-crashloop-7d9f5c6b8-x2kqp" is not running (CrashLoopBackOff): back-off 40s restarting failed container`)}
	cases := []struct {
		w      int
		status session.Status
		want   string
	}{
		{100, failed, "╭─ batch/report-crashloop-7d9f5c6b8-x2kqp/report ─ failed: exec: container \"report\" in pod \"repo… ─╮"},
		{60, failed, "╭─ batch/report-crashloop-7d… ─ failed: exec: container … ─╮"},
		{30, failed, "╭─ batch/repo… ─ failed: e… ─╮"},
		{60, session.Status{State: session.Exited, ExitCode: 137}, "╭─ batch/report-crashloop-7d9f5c6… ─ exited with code 137 ─╮"},
		{80, session.Status{State: session.Exited, ExitCode: 137}, "╭─ batch/report-crashloop-7d9f5c6b8-x2kqp/report ─────── exited with code 137 ─╮"},
	}
	for _, tc := range cases {
		got := ansi.Strip(topBorder(&st, lipgloss.NewStyle(), tg, tc.status, "", "", tc.w, false, false))
		if got != tc.want {
			t.Errorf("width %d:\n got %q\nwant %q", tc.w, got, tc.want)
		}
		if w := ansi.StringWidth(got); w != tc.w {
			t.Errorf("width %d: border is %d cells", tc.w, w)
		}
		if !strings.HasSuffix(got, "─╮") || strings.Contains(got, "  ") {
			t.Errorf("width %d: the rule is broken or padded with spaces: %q", tc.w, got)
		}
	}
}
