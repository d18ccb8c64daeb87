// Command termbench measures podmux's terminal engine against tmux on the same bytes, side by
// side in one run: throughput on four workloads (plain log lines, dense SGR colour, full-screen
// cursor-addressed redraws, CJK/emoji) as wall-clock and CPU-time MB/s, and the engine's memory.
//
// tmux is fed through a detached pane of the same size: `stty raw -echo -opost; cat FILE; tmux
// wait -S …`, timed until `tmux wait` returns, minus a baseline run with an empty file. Its CPU
// time is the tmux server's utime+stime from /proc. The engine's CPU time is this process's
// rusage over Write calls of 32 KiB. Usage: go run ./bench/termbench [-mb 8] [-runs 3] [-tmux=false]
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/podmux/podmux/session/term"
	"github.com/podmux/podmux/session/term/workload"
)

const cols, rows = 120, 40

func main() {
	mb := flag.Int("mb", 8, "megabytes per workload")
	runs := flag.Int("runs", 3, "runs per measurement (best is reported)")
	withTmux := flag.Bool("tmux", true, "also measure tmux")
	flag.Parse()
	if err := run(*mb, *runs, *withTmux); err != nil {
		fmt.Fprintf(os.Stderr, "termbench: %v\n", err)
		os.Exit(1)
	}
}

// result is the best wall time and best CPU time of the runs.
type result struct{ wall, cpu time.Duration }

func run(mb, runs int, withTmux bool) error {
	var tm *tmuxBench
	if withTmux {
		var err error
		if tm, err = startTmux(); err != nil {
			return err
		}
		defer tm.close()
	}
	fmt.Printf("| workload | MB | engine wall MB/s | engine CPU MB/s |")
	if tm != nil {
		fmt.Printf(" tmux wall MB/s | tmux CPU MB/s | ratio wall | ratio CPU |")
	}
	fmt.Println()
	fmt.Println("|---|---|---|---|" + map[bool]string{true: "---|---|---|---|", false: ""}[tm != nil])
	for _, name := range workload.Names {
		data := workload.Generate(name, mb<<20, cols, rows)
		e := engineRun(data, runs)
		size := float64(len(data)) / (1 << 20)
		fmt.Printf("| %s | %.1f | %.1f | %.1f |", name, size, rate(size, e.wall), rate(size, e.cpu))
		if tm != nil {
			r, err := tm.measure(data, runs)
			if err != nil {
				return err
			}
			fmt.Printf(" %.1f | %.1f | %.1fx | %.1fx |", rate(size, r.wall), rate(size, r.cpu),
				rate(size, e.wall)/rate(size, r.wall), rate(size, e.cpu)/rate(size, r.cpu))
		}
		fmt.Println()
	}
	fmt.Println()
	memory()
	return nil
}

func rate(mb float64, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return mb / d.Seconds()
}

func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// engineRun writes data into a fresh 120×40 engine in 32 KiB chunks and keeps the best run.
func engineRun(data []byte, runs int) result {
	best := result{wall: 1 << 62, cpu: 1 << 62}
	for range runs {
		runtime.GC()
		t := term.New(cols, rows)
		c0, w0 := cpuNow(), time.Now()
		for p := data; len(p) > 0; {
			k := min(len(p), 32<<10)
			t.Write(p[:k])
			p = p[k:]
		}
		best.wall = min(best.wall, time.Since(w0))
		best.cpu = min(best.cpu, cpuNow()-c0)
	}
	return best
}

type tmuxBench struct {
	dir string
	pid int
	n   int
}

func tmuxCmd(args ...string) *exec.Cmd {
	return exec.Command("tmux", append([]string{"-L", "podmuxbench", "-f", "/dev/null"}, args...)...)
}

func startTmux() (*tmuxBench, error) {
	dir, err := os.MkdirTemp("", "termbench")
	if err != nil {
		return nil, err
	}
	tmuxCmd("kill-server").Run() // a server left by an interrupted run
	var out []byte
	for try := 0; ; try++ {
		// A server still shutting down makes the first attempt fail: retry briefly.
		if out, err = tmuxCmd("new-session", "-d", "-s", "keep", "-x", "120", "-y", "40").CombinedOutput(); err == nil {
			break
		}
		if try == 10 {
			return nil, fmt.Errorf("starting tmux: %v: %s", err, out)
		}
		time.Sleep(200 * time.Millisecond)
	}
	out, err = tmuxCmd("display", "-p", "-t", "keep", "#{pid}").Output()
	if err != nil {
		return nil, fmt.Errorf("tmux server pid: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		return nil, fmt.Errorf("tmux server pid %q: %v", out, err)
	}
	return &tmuxBench{dir: dir, pid: pid}, nil
}

func (tb *tmuxBench) close() {
	tmuxCmd("kill-server").Run()
	os.RemoveAll(tb.dir)
}

// serverCPU is the tmux server's utime+stime.
func (tb *tmuxBench) serverCPU() time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", tb.pid))
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * (time.Second / 100)
}

// once feeds file through a new detached pane and returns wall and server CPU time.
func (tb *tmuxBench) once(file string) (result, error) {
	tb.n++
	ch := fmt.Sprintf("done%d", tb.n)
	cmd := fmt.Sprintf("stty raw -echo -opost; cat %s; tmux -L podmuxbench wait -S %s", file, ch)
	c0, w0 := tb.serverCPU(), time.Now()
	if out, err := tmuxCmd("new-session", "-d", "-x", "120", "-y", "40", cmd).CombinedOutput(); err != nil {
		return result{}, fmt.Errorf("tmux new-session: %v: %s", err, out)
	}
	if out, err := tmuxCmd("wait", ch).CombinedOutput(); err != nil {
		return result{}, fmt.Errorf("tmux wait: %v: %s", err, out)
	}
	return result{wall: time.Since(w0), cpu: tb.serverCPU() - c0}, nil
}

func (tb *tmuxBench) measure(data []byte, runs int) (result, error) {
	file := filepath.Join(tb.dir, "data")
	empty := filepath.Join(tb.dir, "empty")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		return result{}, err
	}
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		return result{}, err
	}
	best := result{wall: 1 << 62, cpu: 1 << 62}
	for range runs {
		base, err := tb.once(empty)
		if err != nil {
			return result{}, err
		}
		r, err := tb.once(file)
		if err != nil {
			return result{}, err
		}
		best.wall = min(best.wall, max(r.wall-base.wall, time.Millisecond))
		best.cpu = min(best.cpu, max(r.cpu-base.cpu, 10*time.Millisecond))
	}
	return best, nil
}

// heap returns HeapAlloc after a full GC.
func heap() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// memory reports the engine's heap use: empty 200×50, and 120-column screens holding 10,000
// scrollback lines of plain and of coloured text.
func memory() {
	fmt.Println("| engine state | heap |")
	fmt.Println("|---|---|")
	h0 := heap()
	e := term.New(200, 50)
	h1 := heap()
	fmt.Printf("| empty 200×50 | %.1f KiB |\n", float64(h1-h0)/1024)
	runtime.KeepAlive(e)
	for _, kind := range []string{"plain", "coloured (16/256 colours, bold, underline)", "truecolor per word"} {
		lines := historyLines(kind)
		h0 := heap()
		t := term.New(cols, rows)
		for _, l := range lines {
			t.Write(l)
		}
		h1 := heap()
		runtime.KeepAlive(lines)
		fmt.Printf("| 10,000 scrollback lines × 120 cols, %s (%d rows kept) | %.2f MiB |\n", kind,
			t.ScrollbackLen(), float64(h1-h0)/(1<<20))
		runtime.KeepAlive(t)
		runtime.KeepAlive(lines)
	}
}

// historyLines returns 10,000+rows full-width lines of the given kind.
func historyLines(kind string) [][]byte {
	words := []string{"alpha", "beta", "gamma", "delta", "pod", "namespace", "error", "ok", "200"}
	out := make([][]byte, 0, 10000+rows)
	for i := range 10000 + rows {
		var b []byte
		col := 0
		for j := 0; col < cols; j++ {
			w := words[(i*7+j*3)%len(words)]
			if col+len(w)+1 > cols {
				w = strings.Repeat("x", cols-col-1)
			}
			switch {
			case kind == "plain":
			case strings.HasPrefix(kind, "truecolor"):
				b = fmt.Appendf(b, "\x1b[38;2;%d;%d;%dm", (i*j)&255, (i+j)&255, (i*3)&255)
			default:
				b = fmt.Appendf(b, "\x1b[%d;%dm", []int{0, 1, 4}[j%3], 31+(i+j)%7)
				if j%4 == 0 {
					b = fmt.Appendf(b, "\x1b[38;5;%dm", (i+j)%256)
				}
			}
			b = append(b, w...)
			b = append(b, "\x1b[0m "...)
			col += len(w) + 1
		}
		b = append(b, "\r\n"...)
		out = append(out, b)
	}
	return out
}
