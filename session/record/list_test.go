package record

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestListFindsRecordingsNewestFirst(t *testing.T) {
	root := t.TempDir()
	clock := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	mk := func(pod string, start time.Time, secs int) string {
		now := start
		r, err := Create(Path(root, "shop", pod, "app", start), Header{Version: 2, Width: 80, Height: 24, Timestamp: start.Unix(), Title: "shop/" + pod + "/app"},
			WithClock(func() time.Time { return now }))
		if err != nil {
			t.Fatal(err)
		}
		r.Output([]byte("hello\r\n"))
		now = start.Add(time.Duration(secs) * time.Second)
		r.Output([]byte("bye\r\n"))
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		return r.Path()
	}
	old := mk("web-1", clock, 5)
	newer := mk("web-2", clock.Add(time.Hour), 42)
	if err := os.WriteFile(filepath.Join(root, "shop", "junk.cast"), []byte("not json\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := List(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("listed %d recordings, want 2 (junk skipped): %+v", len(got), got)
	}
	if got[0].Path != newer || got[1].Path != old {
		t.Fatalf("order: %s, %s", got[0].Path, got[1].Path)
	}
	in := got[0]
	if in.Namespace != "shop" || in.Pod != "web-2" || in.Container != "app" || in.Duration != 42*time.Second || !in.Start.Equal(clock.Add(time.Hour)) || in.Size == 0 {
		t.Fatalf("info %+v", in)
	}
	if l, err := List(filepath.Join(root, "missing")); err != nil || len(l) != 0 {
		t.Fatalf("missing root: %v %v", l, err)
	}
}

// A recording still being written is listed as live, and stops being live once closed (issue 15
// item 12: history showed a live session's duration as the time of its last output).
func TestListMarksLiveRecordings(t *testing.T) {
	root := t.TempDir()
	start := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	r, err := Create(Path(root, "shop", "web-1", "app", start), Header{Version: 2, Width: 80, Height: 24, Timestamp: start.Unix()})
	if err != nil {
		t.Fatal(err)
	}
	r.Output([]byte("hello\r\n"))
	// The recorder writes in the background: wait for its header to reach the file.
	var got []Info
	for deadline := time.Now().Add(5 * time.Second); len(got) == 0 && time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		got, err = List(root)
	}
	if err != nil || len(got) != 1 || !got[0].Live {
		t.Fatalf("while recording: %+v, %v", got, err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	got, err = List(root)
	if err != nil || len(got) != 1 || got[0].Live {
		t.Fatalf("after Close: %+v, %v", got, err)
	}
}
