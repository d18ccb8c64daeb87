package localcci

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
)

// execRegistry tracks the server's running exec sessions so shutdown can end them, and owns the
// root of the per-pod working directories. Its zero value is ready to use.
type execRegistry struct {
	mu       sync.Mutex
	closed   bool
	sessions map[*execSession]struct{}

	rootOnce sync.Once
	root     string
	rootErr  error
	tempRoot bool // root was created by the server and is removed at shutdown

	files  map[string]map[string]string // "ns/pod" → the fixture's files for its directory
	seeded map[string]bool              // "ns/pod" whose files were written (under mu)
}

// register adds a session and counts it in wg. It refuses (false) once shutdown began, so wg
// never grows while Instance.Close waits on it.
func (x *execRegistry) register(sess *execSession, wg *sync.WaitGroup) bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.closed {
		return false
	}
	if x.sessions == nil {
		x.sessions = map[*execSession]struct{}{}
	}
	x.sessions[sess] = struct{}{}
	wg.Add(1)
	return true
}

// unregister removes a finished session.
func (x *execRegistry) unregister(sess *execSession, wg *sync.WaitGroup) {
	x.mu.Lock()
	delete(x.sessions, sess)
	x.mu.Unlock()
	wg.Done()
}

// shutdown refuses new sessions and tells every running one to end: its process group is
// killed and its connection closed with 1001 (going away).
func (x *execRegistry) shutdown() {
	x.mu.Lock()
	x.closed = true
	list := make([]*execSession, 0, len(x.sessions))
	for s := range x.sessions {
		list = append(list, s)
	}
	x.mu.Unlock()
	for _, s := range list {
		s.shutdown()
	}
}

// hangup sends SIGHUP (and SIGCONT) to the process group of every started session at once, as
// closing their terminals would, without waiting for anything: for a program on its way out,
// whose process may end before the sessions' goroutines run their own teardown.
func (x *execRegistry) hangup() {
	x.mu.Lock()
	list := make([]*execSession, 0, len(x.sessions))
	for s := range x.sessions {
		list = append(list, s)
	}
	x.mu.Unlock()
	for _, s := range list {
		s.mu.Lock()
		p := s.proc
		s.mu.Unlock()
		if p != nil {
			p.hangup()
		}
	}
}

// removeTempRoot deletes the working-directory root if the server created it. Call after every
// session ended.
func (x *execRegistry) removeTempRoot() {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.tempRoot && x.root != "" {
		_ = os.RemoveAll(x.root)
		x.tempRoot = false
	}
}

// podDir returns (creating it) the working directory of a pod: <workdir>/<ns>/<pod>, with
// workdir a fresh temporary directory when Options.WorkDir is empty.
func (s *Server) podDir(ns, pod string) (string, error) {
	x := &s.execReg
	x.rootOnce.Do(func() {
		if s.workDir != "" {
			x.root = s.workDir
			return
		}
		dir, err := makeTempWorkDir()
		x.mu.Lock()
		x.root, x.rootErr, x.tempRoot = dir, err, err == nil
		x.mu.Unlock()
	})
	if x.rootErr != nil {
		return "", fmt.Errorf("creating the pods' working directory: %v", x.rootErr)
	}
	rel := filepath.Join(ns, pod)
	if !filepath.IsLocal(rel) || filepath.Base(rel) != pod || filepath.Dir(rel) != ns {
		return "", fmt.Errorf("pod %s/%s has a name that is not a plain path segment", ns, pod)
	}
	dir := filepath.Join(x.root, rel)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("creating the pod's working directory: %v", err)
	}
	if err := x.seed(rel, dir); err != nil {
		return "", fmt.Errorf("writing the pod's fixture files: %v", err)
	}
	return dir, nil
}

// seed writes the fixture's files of pod key ("ns/pod") into dir, once per server: later
// changes made by commands in the pod are kept.
func (x *execRegistry) seed(key, dir string) error {
	files := x.files[filepath.ToSlash(key)]
	if len(files) == 0 {
		return nil
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.seeded[key] {
		return nil
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			return err
		}
		mode := os.FileMode(0o600)
		if strings.HasPrefix(content, "#!") {
			mode = 0o700
		}
		// Under ForkLock, so no process forked meanwhile inherits the file open for writing:
		// exec'ing a script another process holds open for writing fails (ETXTBSY).
		syscall.ForkLock.Lock()
		err := os.WriteFile(p, []byte(content), mode)
		syscall.ForkLock.Unlock()
		if err != nil {
			return err
		}
	}
	if x.seeded == nil {
		x.seeded = map[string]bool{}
	}
	x.seeded[key] = true
	return nil
}

// fixtureFiles collects the fixture's per-pod files by "ns/pod".
func fixtureFiles(fx *Fixture) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, n := range fx.Namespaces {
		for _, p := range n.Pods {
			if len(p.Files) > 0 {
				out[n.Name+"/"+p.Name] = p.Files
			}
		}
	}
	return out
}
