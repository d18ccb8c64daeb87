package e2e

import (
	"strings"
	"testing"
	"time"
)

// pasteText is n bytes of printable text without line ends, as a pasted log or blob is.
func pasteText(n int) string {
	const chunk = "the quick brown fox jumps over the lazy dog 0123456789 "
	return strings.Repeat(chunk, n/len(chunk)+1)[:n]
}

// TestNonBracketedPasteReachesTheShell: 200 KB typed into a shell as one burst, as a terminal
// without bracketed paste delivers a paste (tmux paste-buffer without -p), reaches the remote
// whole and in order (head counts every byte), and a ctrl+c typed right after a large paste
// interrupts the command: keys are forwarded in batches, not one message and one frame per key,
// so the paste does not take minutes and the ctrl+c does not wait behind it.
func TestNonBracketedPasteReachesTheShell(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	s := start(t, 120, 40, "--demo")
	s.waitText("namespaces")
	s.send("/shop" + enter)
	s.waitText("pods in shop")
	s.send(tab)
	openCartShell(s)
	s.waitText("@cart-5c6b7d9f8-qw8rt:~")

	// The count is printed after the echo of the command line; the echo of the paste may still be
	// flushed after wc's output, so it is shown as COUNTED-N.
	s.send("stty -icanon; n=$(head -c 204800 | wc -c); echo COUNTED-$n" + enter)
	s.waitText("COUNTED-$n") // the command line is echoed; head reads what follows
	time.Sleep(200 * time.Millisecond)
	st := time.Now()
	s.send(pasteText(204800))
	s.waitText("COUNTED-204800")
	t.Logf("200 KB paste counted after %v", time.Since(st))

	// A paste the command keeps reading, then ctrl+c: the command ends.
	s.send("clear" + enter)
	s.send("stty -icanon; head -c 100000000 | wc -c" + enter)
	s.waitText("head -c 100000000 | wc -c")
	time.Sleep(200 * time.Millisecond)
	st = time.Now()
	s.send(pasteText(256 << 10))
	s.send("\x03")
	// The tty driver flushes what was typed ahead of a ctrl+c, so the next command waits for it.
	s.waitFor("the interrupted command", func(lines []string) bool {
		return strings.Contains(paneText(lines), "^C") && strings.HasSuffix(strings.TrimRight(lastLine(lines), " │"), ":~#")
	})
	s.send("echo AFTER-$((6*7))" + enter)
	s.waitText("AFTER-42")
	t.Logf("256 KB paste then ctrl+c: interrupted after %v", time.Since(st))
}

// paneText is the text inside the pane's borders with its rows joined, so that text the shell
// wrapped (a "^C" whose "^" ends one row) is found whole.
func paneText(lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		if strings.Contains(l, "prefix") {
			continue
		}
		l = strings.TrimSpace(l)
		l = strings.TrimPrefix(strings.TrimSuffix(l, "│"), "│")
		b.WriteString(l)
	}
	return b.String()
}

// lastLine returns the last line of the screen that has text inside the pane.
func lastLine(lines []string) string {
	for i := len(lines) - 1; i >= 0; i-- {
		if t := strings.Trim(lines[i], " │╰─╯"); t != "" && !strings.Contains(lines[i], "prefix") {
			return lines[i]
		}
	}
	return ""
}
