// Command fanout measures `podmux run` over the local server's 200-pod fleet namespace against
// the shell loop it replaces, `xargs -P 16` starting one `podmux exec` per pod, with the same
// command (cat /etc/hostname), side by side and alternated in one run. It reports the wall time,
// the time to the first result and the peak RSS of each.
//
//	go run ./bench/fanout [-rounds 5]
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/podmux/podmux/cciapi/localcci"
)

type sample struct {
	wall, first time.Duration
	rssKiB      int64 // peak RSS of the largest process
	lines       int
}

func main() {
	rounds := flag.Int("rounds", 5, "rounds of each contender (alternated)")
	flag.Parse()
	dir, err := os.MkdirTemp("", "podmux-bench-fanout-")
	must(err)
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "podmux")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	must(build.Run())
	in, err := localcci.Start(localcci.Options{Fleet: true, WorkDir: filepath.Join(dir, "pods")}, "", false)
	must(err)
	defer in.Close()
	var pods []string
	for i := range localcci.FleetWeb {
		pods = append(pods, fmt.Sprintf("web-%d", i))
	}
	for i := range localcci.FleetWorkers {
		pods = append(pods, fmt.Sprintf("worker-%d", i))
	}
	env := append(os.Environ(), "HOME="+dir, "XDG_CONFIG_HOME="+dir+"/config", "XDG_STATE_HOME="+dir+"/state", "XDG_CACHE_HOME="+dir+"/cache")
	common := []string{"--endpoint", in.URL, "--token", in.Token(), "--no-record"}

	runCmd := func() *exec.Cmd {
		args := append([]string{"run"}, common...)
		args = append(args, "-n", localcci.FleetNS, "-l", "tier=fleet", "-o", "prefix", "--", "cat", "/etc/hostname")
		c := exec.Command(bin, args...)
		c.Env = env
		return c
	}
	xargsCmd := func() *exec.Cmd {
		script := fmt.Sprintf("xargs -P 16 -I{} %s exec %s -n %s {} -- cat /etc/hostname", bin, strings.Join(common, " "), localcci.FleetNS)
		c := exec.Command("sh", "-c", script)
		c.Env = env
		c.Stdin = strings.NewReader(strings.Join(pods, "\n") + "\n")
		return c
	}
	var a, b []sample
	for r := range *rounds + 1 {
		sa := measure(runCmd())
		sb := measure(xargsCmd())
		if r == 0 {
			continue // warm-up: page cache, first pod directories
		}
		a, b = append(a, sa), append(b, sb)
	}
	up, _ := exec.Command("uptime").Output()
	fmt.Printf("podmux run vs xargs -P 16 podmux exec: 200 pods, cat /etc/hostname, %d rounds alternated (medians)\n", *rounds)
	fmt.Printf("load: %s\n", strings.TrimSpace(string(up)))
	fmt.Printf("%-34s %10s %14s %16s %8s\n", "", "wall", "first result", "peak RSS", "lines")
	row := func(name string, s []sample) sample {
		m := median(s)
		fmt.Printf("%-34s %10s %14s %12d KiB %8d\n", name, m.wall.Round(time.Millisecond), m.first.Round(time.Millisecond), m.rssKiB, m.lines)
		return m
	}
	ma := row("podmux run (max-parallel 16)", a)
	mb := row("xargs -P 16 podmux exec", b)
	fmt.Printf("speed-up (wall): %.2fx; first result: %.2fx sooner\n", float64(mb.wall)/float64(ma.wall), float64(mb.first)/float64(ma.first))
	fmt.Printf("(xargs: the peak RSS is of its largest single process; up to 16 podmux exec run at once)\n")
	for i := range a {
		fmt.Printf("  round %d: run %s, xargs %s\n", i+1, a[i].wall.Round(time.Millisecond), b[i].wall.Round(time.Millisecond))
	}
}

// measure runs c to its end, counting stdout lines and timing the first one.
func measure(c *exec.Cmd) sample {
	out, err := c.StdoutPipe()
	must(err)
	c.Stderr = io.Discard
	start := time.Now()
	must(c.Start())
	var s sample
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if s.lines == 0 {
			s.first = time.Since(start)
		}
		s.lines++
	}
	_ = c.Wait()
	s.wall = time.Since(start)
	if ru, ok := c.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.rssKiB = ru.Maxrss
	}
	if s.lines != 200 {
		fmt.Fprintf(os.Stderr, "warning: %d result lines, want 200\n", s.lines)
	}
	return s
}

func median(s []sample) sample {
	pick := func(f func(sample) int64) int64 {
		v := make([]int64, len(s))
		for i := range s {
			v[i] = f(s[i])
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	return sample{
		wall:   time.Duration(pick(func(x sample) int64 { return int64(x.wall) })),
		first:  time.Duration(pick(func(x sample) int64 { return int64(x.first) })),
		rssKiB: pick(func(x sample) int64 { return x.rssKiB }),
		lines:  int(pick(func(x sample) int64 { return int64(x.lines) })),
	}
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench/fanout:", err)
		os.Exit(1)
	}
}
