package record

import (
	"bytes"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Info describes one recording on disk, as a history list shows it.
type Info struct {
	Path      string
	Namespace string
	Pod       string
	Container string
	Title     string
	Start     time.Time     // from the header's timestamp, else the file's name
	Duration  time.Duration // time of the last complete event
	Size      int64
	// Live is set while a Recorder of this process still writes the file (its session runs):
	// Duration is then only the time of its last output so far.
	Live bool
}

// tailBytes is how much of a file's end List reads to find the last event's time.
const tailBytes = 64 << 10

// List returns the recordings under root (laid out by Path), newest first. Files that are not
// readable recordings are skipped; a missing root is an empty list.
func List(root string) ([]Info, error) {
	var out []Info
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && path == root {
				return fs.SkipAll
			}
			return nil
		}
		if d.IsDir() || !strings.HasSuffix(path, Ext) {
			return nil
		}
		if in, ok := stat(root, path); ok {
			out = append(out, in)
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Start.After(out[j].Start) })
	return out, err
}

// stat reads a recording's header and last event time.
func stat(root, path string) (Info, bool) {
	f, err := os.Open(path)
	if err != nil {
		return Info{}, false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return Info{}, false
	}
	_, h, err := NewDecoder(io.LimitReader(f, MaxLineBytes))
	if err != nil {
		return Info{}, false
	}
	in := Info{Path: path, Title: h.Title, Size: fi.Size(), Live: isActive(path)}
	rel, _ := filepath.Rel(root, path)
	parts := strings.Split(filepath.ToSlash(rel), "/")
	if len(parts) == 3 {
		in.Namespace, in.Pod = parts[0], parts[1]
		name := strings.TrimSuffix(parts[2], Ext)
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			// container-20261129T011500Z or container-20261129T011500Z-2
			if j := strings.LastIndexByte(name[:i], '-'); j > 0 && !strings.Contains(name[i+1:], "T") {
				i = j
			}
			in.Container = name[:i]
			if t, err := time.Parse(TimeLayout, strings.SplitN(name[i+1:], "-", 2)[0]); err == nil {
				in.Start = t
			}
		}
	}
	if h.Timestamp > 0 {
		in.Start = time.Unix(h.Timestamp, 0).UTC()
	}
	in.Duration = lastEventTime(f, fi.Size())
	return in, true
}

// lastEventTime finds the time of the last complete event line in the file's tail.
func lastEventTime(f *os.File, size int64) time.Duration {
	off := max(size-tailBytes, 0)
	buf := make([]byte, size-off)
	if _, err := f.ReadAt(buf, off); err != nil && err != io.EOF {
		return 0
	}
	lines := bytes.Split(buf, []byte{'\n'})
	for i := len(lines) - 1; i >= 0; i-- {
		l := bytes.TrimSpace(lines[i])
		if len(l) == 0 || l[0] != '[' {
			continue
		}
		var ev []json.RawMessage
		if json.Unmarshal(l, &ev) != nil || len(ev) < 1 {
			continue
		}
		var t float64
		if json.Unmarshal(ev[0], &t) == nil && t >= 0 {
			return time.Duration(t * float64(time.Second))
		}
	}
	return 0
}
