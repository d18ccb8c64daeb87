// Command gen makes the PNG screenshots in screenshots/ from a real run of podmux: it builds
// podmux, runs `podmux --demo` (the embedded local CCI server, whose pods are local processes)
// in a pty, drives it with keystrokes, reads the screen through podmux's own terminal engine and
// rasterises it with DejaVu Sans Mono.
//
// Run it from the repository: go run ./screenshots/gen
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// Screen size of the run, in cells.
const (
	screenCols = 200
	screenRows = 50
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
		os.Exit(1)
	}
}

func run() error {
	out := flag.String("out", "", "directory for the PNGs (default: screenshots/ of the repository)")
	prebuilt := flag.String("podmux", "", "use this podmux binary instead of building the repository's")
	flag.Parse()
	root, err := repoRoot()
	if err != nil {
		return err
	}
	if *out == "" {
		*out = filepath.Join(root, "screenshots")
	}
	f, err := loadFaces(15)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "podmux-screenshots-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	bin := *prebuilt
	if bin == "" {
		bin = filepath.Join(tmp, "podmux")
		build := exec.Command("go", "build", "-o", bin, ".")
		build.Dir = root
		if b, err := build.CombinedOutput(); err != nil {
			return fmt.Errorf("building podmux: %v\n%s", err, b)
		}
	}

	start := time.Now()
	d, err := startDriver(bin, screenCols, screenRows, demoEnv(tmp), "--demo")
	if err != nil {
		return err
	}
	sc := &scenes{driver: d, r: newRenderer(f), out: *out, root: root}
	sc.runAll()
	sceneErr := d.err
	stopErr := sc.quit()
	if sceneErr != nil {
		return sceneErr
	}
	if stopErr != nil {
		return stopErr
	}
	fmt.Printf("wrote %d screenshots to %s in %.1fs\n", len(sc.written), *out, time.Since(start).Seconds())
	return nil
}

// demoEnv is podmux's environment: a fresh home and XDG directories under tmp (no user config),
// a 256-colour UTF-8 terminal, and PATH (the demo pods run this machine's programs).
func demoEnv(tmp string) []string {
	home := filepath.Join(tmp, "home")
	path := os.Getenv("PATH")
	if path == "" {
		path = "/usr/local/bin:/usr/bin:/bin"
	}
	return []string{
		"PATH=" + path, "HOME=" + home, "XDG_CONFIG_HOME=" + home + "/config",
		"XDG_STATE_HOME=" + home + "/state", "XDG_CACHE_HOME=" + home + "/cache",
		"TERM=xterm-256color", "COLORTERM=truecolor", "LANG=C.UTF-8",
	}
}

// repoRoot finds the podmux module root from the working directory upwards.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.HasPrefix(b, []byte("module github.com/podmux/podmux\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("not inside the podmux repository: run it from there (go run ./screenshots/gen)")
		}
		dir = parent
	}
}
