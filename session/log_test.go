package session

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"
)

// scriptedLogs is a log server below the session layer: each container's log is the lines the
// test sends on its channel; closing the channel ends the log with ended.
type scriptedLogs struct {
	ch    map[string]chan LogLine
	ended string
}

func (s *scriptedLogs) FollowLog(ctx context.Context, t Target, c string, emit func(LogLine)) (string, error) {
	for {
		select {
		case l, ok := <-s.ch[c]:
			if !ok {
				return s.ended, nil
			}
			emit(l)
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
}

func waitLogScreen(t *testing.T, s *Session, want string) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		sc := screen(s)
		if strings.Contains(sc, want) {
			return sc
		}
		if time.Now().After(deadline) {
			t.Fatalf("screen never showed %q:\n%s", want, sc)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestLogSessionRendersAndReRenders(t *testing.T) {
	logs := &scriptedLogs{ch: map[string]chan LogLine{"app": make(chan LogLine, 10), "side": make(chan LogLine, 10)},
		ended: "container app terminated: Error (exit code 2)"}
	m := NewManager(Options{Dialer: DialerFunc(nil), Logs: logs})
	defer m.Close()
	s := m.Start(Target{Namespace: "ns", Pod: "p", Log: &LogSpec{Containers: []string{"app", "side"}}}, 100, 10)
	if !strings.HasPrefix(s.Target().String(), "logs ns/p/app,side") {
		t.Fatalf("title %q", s.Target())
	}
	waitEvent(t, m, Running)
	ts := time.Date(2026, 12, 4, 13, 0, 0, 0, time.UTC)
	logs.ch["app"] <- LogLine{Time: ts, Text: `{"time":"2026-12-04T13:00:00.5Z","level":"error","msg":"boom","path":"/x"}`}
	waitLogScreen(t, s, `[app] {"time"`)
	logs.ch["side"] <- LogLine{Time: ts, Text: "plain \x1b[2Jline\x1b[31m red"}
	sc := waitLogScreen(t, s, "[side] plain line red")
	if strings.Count(sc, "\n") != 1 {
		t.Fatalf("two lines must take two rows:\n%s", sc)
	}
	if err := s.Send([]byte("x")); err == nil {
		t.Fatal("a log session accepted input")
	}

	s.SetLogView(LogView{JSON: true, Timestamps: true})
	sc = screen(s)
	if !strings.Contains(sc, "[app] 2026-12-04T13:00:00.000Z 13:00:00.500 ERROR boom path=/x") || !strings.Contains(sc, "[side] 2026-12-04T13:00:00.000Z plain line red") {
		t.Fatalf("JSON and timestamps view:\n%s", sc)
	}
	s.SetLogView(LogView{Exclude: regexp.MustCompile("plain")})
	if v, hidden := s.LogView(); hidden != 1 || v.Exclude == nil || strings.Contains(screen(s), "plain") {
		t.Fatalf("exclude: hidden %d, screen:\n%s", hidden, screen(s))
	}
	s.SetLogView(LogView{Include: regexp.MustCompile("boom|new")})
	logs.ch["app"] <- LogLine{Gap: true, Text: "log stream dropped (EOF); resumed"}
	logs.ch["app"] <- LogLine{Text: "a new line"}
	logs.ch["app"] <- LogLine{Text: "filtered out"}
	logs.ch["app"] <- LogLine{Text: "the newest line"} // shown once "filtered out" was judged
	waitLogScreen(t, s, "the newest line")
	if _, hidden := s.LogView(); hidden != 2 || !strings.Contains(screen(s), "a new line") || !strings.Contains(screen(s), "[podmux] log stream dropped") {
		t.Fatalf("include: hidden %d (want 2), screen:\n%s", hidden, screen(s))
	}
	close(logs.ch["app"])
	close(logs.ch["side"])
	e := waitEvent(t, m, Exited)
	if !strings.Contains(e.Status.Text(), "terminated: Error (exit code 2)") {
		t.Fatalf("end status %q", e.Status.Text())
	}
	waitLogScreen(t, s, "[podmux] container app terminated")
	if !strings.Contains(screen(s), "a new line") {
		t.Fatal("the log's text is gone after it ended")
	}
}

func TestStructuredJSON(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"level":"warn","msg":"slow","ms":512,"tags":["a","b"],"ok":true}`, "WARN  slow ms=512 tags=[\"a\",\"b\"] ok=true"},
		{`{"@timestamp":"2026-12-04T13:00:01.25+01:00","severity":"INFO","message":"hi there","user":"a b"}`, `12:00:01.250 INFO  hi there user="a b"`},
		{`{"ts":1733317200.5,"msg":"zap"}`, "13:00:00.500 zap"},
		{`{"msg":"x"} trailing`, ""},
		{`[1,2]`, ""},
		{`not json`, ""},
	} {
		got, ok := StructuredJSON(tc.in)
		plain := regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(got, "")
		if ok != (tc.want != "") || plain != tc.want {
			t.Errorf("StructuredJSON(%s) = %q, %v; want %q", tc.in, plain, ok, tc.want)
		}
	}
	if got, _ := StructuredJSON(`{"level":"error","msg":"e"}`); !strings.Contains(got, "\x1b[1;31mERROR") {
		t.Errorf("error level not red: %q", got)
	}
}
