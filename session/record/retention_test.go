package record

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// writeAged makes root/rel with size bytes, last modified age before now.
func writeAged(t *testing.T, root, rel string, size int, now time.Time, age time.Duration) string {
	t.Helper()
	path := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, make([]byte, size), 0o600); err != nil {
		t.Fatal(err)
	}
	mt := now.Add(-age)
	if err := os.Chtimes(path, mt, mt); err != nil {
		t.Fatal(err)
	}
	return path
}

func rels(t *testing.T, root string, paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		r, err := filepath.Rel(root, p)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = filepath.ToSlash(r)
	}
	return out
}

func TestPruneByAgeThenOldestFirst(t *testing.T) {
	root := t.TempDir()
	now := time.Date(2026, 11, 29, 3, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	writeAged(t, root, "ns/a/c-1.cast", 100, now, 40*day) // too old
	writeAged(t, root, "ns/b/c-2.cast", 100, now, 31*day) // too old
	writeAged(t, root, "ns/a/c-3.cast", 300, now, 5*day)
	writeAged(t, root, "ns/a/c-4.cast", 300, now, 4*day)
	writeAged(t, root, "other/p/c-5.cast", 300, now, 3*day)
	writeAged(t, root, "ns/a/c-6.cast", 300, now, time.Hour)
	notes := writeAged(t, root, "ns/a/notes.txt", 5000, now, 400*day) // not a recording

	removed, err := Prune(root, 700, 30*day, now)
	if err != nil {
		t.Fatal(err)
	}
	// c-1 and c-2 by age (oldest first), then c-3 and c-4 until 1200 bytes are down to 600.
	want := []string{"ns/a/c-1.cast", "ns/b/c-2.cast", "ns/a/c-3.cast", "ns/a/c-4.cast"}
	if got := rels(t, root, removed); !slices.Equal(got, want) {
		t.Errorf("removed %v, want %v", got, want)
	}
	for _, keep := range []string{"other/p/c-5.cast", "ns/a/c-6.cast"} {
		if _, err := os.Stat(filepath.Join(root, keep)); err != nil {
			t.Errorf("%s was removed", keep)
		}
	}
	if _, err := os.Stat(notes); err != nil {
		t.Error("a file that is not a recording was removed")
	}
	if _, err := os.Stat(filepath.Join(root, "ns", "b")); !os.IsNotExist(err) {
		t.Error("empty directory ns/b was kept")
	}
}

func TestPruneLimitsDisabled(t *testing.T) {
	root := t.TempDir()
	now := time.Now()
	writeAged(t, root, "n/p/c.cast", 1000, now, 1000*time.Hour)
	removed, err := Prune(root, 0, 0, now)
	if err != nil || len(removed) != 0 {
		t.Errorf("Prune with no limits removed %v, err %v", removed, err)
	}
	if removed, err := Prune(filepath.Join(root, "missing"), 1, time.Second, now); err != nil || len(removed) != 0 {
		t.Errorf("Prune of a missing root: %v, %v", removed, err)
	}
}

func TestPruneSkipsActiveRecordings(t *testing.T) {
	root := t.TempDir()
	now := time.Now()
	path := Path(root, "ns", "pod", "app", now)
	r, err := Create(path, testHeader)
	if err != nil {
		t.Fatal(err)
	}
	r.Output([]byte(strings.Repeat("x", 1000)))
	if err := r.Flush(); err != nil {
		t.Fatal(err)
	}
	old := now.Add(-1000 * time.Hour)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	removed, err := Prune(root, 1, time.Hour, now)
	if err != nil || len(removed) != 0 {
		t.Fatalf("Prune removed %v (err %v) while it was being written", removed, err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	removed, err = Prune(root, 1, time.Hour, now)
	if err != nil || len(removed) != 1 || removed[0] != path {
		t.Fatalf("after Close Prune removed %v (err %v), want %s", removed, err, path)
	}
	if _, err := os.Stat(filepath.Join(root, "ns")); !os.IsNotExist(err) {
		t.Error("empty directories were kept")
	}
	if _, err := os.Stat(root); err != nil {
		t.Error("root itself was removed")
	}
}
