package localcci

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// workDirPrefix starts the name of a server's temporary working directory; the creating
// process's pid follows, so a later server can tell the directories of dead processes.
const workDirPrefix = "podmux-localcci-"

var sweepOnce sync.Once

// makeTempWorkDir creates this server's temporary working directory,
// $TMPDIR/podmux-localcci-<pid>-<random>, after removing (once per process) the ones that
// servers which did not get to clean up left behind (see removeStaleWorkDirs).
func makeTempWorkDir() (string, error) {
	sweepOnce.Do(func() { removeStaleWorkDirs(os.TempDir()) })
	return os.MkdirTemp("", fmt.Sprintf("%s%d-", workDirPrefix, os.Getpid()))
}

// removeStaleWorkDirs removes from dir the working directories of local servers whose process
// is gone (killed before it could remove its own). To be safe in a shared temporary directory
// it removes only real directories (not symlinks) named podmux-localcci-<pid>-…, owned by this
// user, whose pid is not this process and names no live process. Errors are ignored: a
// directory it cannot judge or remove is left alone.
func removeStaleWorkDirs(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var removed []string
	for _, e := range entries {
		name := e.Name()
		rest, ok := strings.CutPrefix(name, workDirPrefix)
		if !ok {
			continue
		}
		pidText, _, ok := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if !ok || err != nil || pid <= 0 || pid == os.Getpid() {
			continue
		}
		path := filepath.Join(dir, name)
		fi, err := os.Lstat(path)
		if err != nil || !fi.IsDir() || !ownedByMe(fi) || processAlive(pid) {
			continue
		}
		if os.RemoveAll(path) == nil {
			removed = append(removed, path)
		}
	}
	return removed
}
