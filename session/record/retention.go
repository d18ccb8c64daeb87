package record

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Prune enforces retention on the recordings (regular files ending in .cast) under root:
// first it removes those last modified more than maxAge before now, then the oldest of the
// rest until their total size is at most maxBytes. maxAge ≤ 0 or maxBytes ≤ 0 disables that
// limit. Recordings this process is writing are never removed, though they count toward the
// total. Directories under root left empty are removed; other files are never touched.
//
// It returns the removed paths, oldest first. A file that cannot be removed does not stop the
// rest; its error is joined into err. A missing root is not an error.
func Prune(root string, maxBytes int64, maxAge time.Duration, now time.Time) (removed []string, err error) {
	type castFile struct {
		path string
		size int64
		mod  time.Time
	}
	var files []castFile
	var errs []error
	walkErr := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == root && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			errs = append(errs, fmt.Errorf("prune recordings: %w", err))
			return nil
		}
		if !d.Type().IsRegular() || !strings.HasSuffix(d.Name(), Ext) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, fmt.Errorf("prune recordings: %w", err))
			}
			return nil
		}
		files = append(files, castFile{path: path, size: info.Size(), mod: info.ModTime()})
		return nil
	})
	if walkErr != nil {
		errs = append(errs, fmt.Errorf("prune recordings: %w", walkErr))
	}
	sort.Slice(files, func(i, j int) bool {
		if !files[i].mod.Equal(files[j].mod) {
			return files[i].mod.Before(files[j].mod)
		}
		return files[i].path < files[j].path
	})

	var total int64
	for _, f := range files {
		total += f.size
	}
	dirs := map[string]bool{}
	remove := func(f castFile) {
		if err := os.Remove(f.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, fmt.Errorf("prune recordings: %w", err))
			return
		}
		total -= f.size
		removed = append(removed, f.path)
		dirs[filepath.Dir(f.path)] = true
	}
	kept := files[:0]
	for _, f := range files {
		if maxAge > 0 && now.Sub(f.mod) > maxAge && !isActive(f.path) {
			remove(f)
			continue
		}
		kept = append(kept, f)
	}
	for _, f := range kept {
		if maxBytes <= 0 || total <= maxBytes {
			break
		}
		if !isActive(f.path) {
			remove(f)
		}
	}
	removeEmptyDirs(root, dirs)
	return removed, errors.Join(errs...)
}

// removeEmptyDirs removes each directory in dirs, and its parents below root, while empty.
func removeEmptyDirs(root string, dirs map[string]bool) {
	root = filepath.Clean(root)
	for dir := range dirs {
		for d := filepath.Clean(dir); d != root && strings.HasPrefix(d, root+string(filepath.Separator)); d = filepath.Dir(d) {
			if os.Remove(d) != nil {
				break // not empty, or gone
			}
		}
	}
}
