package fanout

import (
	"crypto/sha256"
	"slices"
	"strconv"
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"
)

// Group is one distinct answer and the pods that gave it. Pods are indexes into the results.
type Group struct {
	Pods   []int
	Names  []string // the pods' names, as Options of Groups named them
	Answer Result   // the first pod's result (the answer every pod of the group gave)
}

// Folded returns the group's pod names folded (web-[0-5,7]).
func (g Group) Folded() string { return Fold(g.Names) }

// Groups groups results whose stdout, stderr and exit (code, or state and reason) are all
// identical, as clush -b does; groups come most pods first (ties: the first pod's order). name
// gives a result's display name.
func Groups(results []Result, name func(Result) string) []Group {
	byKey := map[[32]byte]int{}
	var gs []Group
	for i, r := range results {
		k := answerKey(r)
		gi, ok := byKey[k]
		if !ok {
			gi = len(gs)
			byKey[k] = gi
			gs = append(gs, Group{Answer: r})
		}
		gs[gi].Pods = append(gs[gi].Pods, i)
		gs[gi].Names = append(gs[gi].Names, name(r))
	}
	slices.SortStableFunc(gs, func(a, b Group) int { return len(b.Pods) - len(a.Pods) })
	return gs
}

// answerKey hashes what makes two answers the same.
func answerKey(r Result) [32]byte {
	h := sha256.New()
	for _, part := range [][]byte{r.Stdout, r.Stderr, []byte(ExitText(r)), []byte(strconv.FormatInt(r.Truncated, 10))} {
		h.Write([]byte(strconv.Itoa(len(part)) + ":"))
		h.Write(part)
	}
	var k [32]byte
	copy(k[:], h.Sum(nil))
	return k
}

// ExitText says how a pod's run ended, for a group: "exit 0", "exit 2", "timed out after 5s",
// "cancelled", "error: container not found".
func ExitText(r Result) string {
	switch r.State {
	case Exited:
		return "exit " + strconv.Itoa(r.ExitCode)
	case TimedOut:
		if r.Err != nil {
			return r.Err.Error()
		}
		return "timed out"
	case Failed:
		return "error: " + Reason(r.Err)
	}
	return r.State.String()
}

// Answer is the text a group shows for an answer: stdout, then stderr under a "stderr:" line,
// then a truncation marker, then the exit unless it is "exit 0". The same text is what --diff
// compares.
func Answer(r Result) string {
	var b strings.Builder
	b.Write(r.Stdout)
	if len(r.Stdout) > 0 && r.Stdout[len(r.Stdout)-1] != '\n' {
		b.WriteString("\n")
	}
	if len(r.Stderr) > 0 {
		b.WriteString("[stderr]\n")
		b.Write(r.Stderr)
		if r.Stderr[len(r.Stderr)-1] != '\n' {
			b.WriteString("\n")
		}
	}
	if r.Truncated > 0 {
		b.WriteString(TruncationMarker(r.Truncated) + "\n")
	}
	if e := ExitText(r); e != "exit 0" {
		b.WriteString("[" + e + "]\n")
	}
	return b.String()
}

// TruncationMarker is the line that stands for output not kept.
func TruncationMarker(n int64) string {
	return "[… " + strconv.FormatInt(n, 10) + " more bytes not kept (output bounded per pod)]"
}

// Diff is a unified diff from the majority answer to a minority one, labelled with both groups'
// folded names. Empty when the answers are equal.
func Diff(majority, minority Group) string {
	a, b := Answer(majority.Answer), Answer(minority.Answer)
	if a == b {
		return ""
	}
	return udiff.Unified(majority.Folded(), minority.Folded(), a, b)
}
