package record

import (
	"path/filepath"
	"sync"
)

// active holds the absolute paths of recordings this process has open for writing; Prune
// never removes them. A path is registered by Create and unregistered by Close.
var active = struct {
	sync.Mutex
	paths map[string]int
}{paths: map[string]int{}}

func activeKey(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return filepath.Clean(path)
}

func registerActive(path string) {
	active.Lock()
	defer active.Unlock()
	active.paths[activeKey(path)]++
}

func unregisterActive(path string) {
	active.Lock()
	defer active.Unlock()
	k := activeKey(path)
	if active.paths[k]--; active.paths[k] <= 0 {
		delete(active.paths, k)
	}
}

// isActive reports whether path is being written by a Recorder of this process.
func isActive(path string) bool {
	active.Lock()
	defer active.Unlock()
	return active.paths[activeKey(path)] > 0
}
