// Command exec measures what recording costs exec throughput (target: < 5 %): it runs a command
// that prints -mb MB through the local CCI server (localcci.Start on loopback, a real WebSocket
// exec with a TTY, as sessions use) and reads its stdout with cciapi, either plain or handing
// every chunk read to a record.Recorder writing a .cast file in a temporary directory, as a
// session's tee does. Runs alternate between the two; each reports MB/s from Exec until Wait
// returned and this process's CPU time per MB (client, server and recorder; the child
// processes that print are not counted), and the recording runs also report whether the recorder
// fell behind (dropped output: Err wraps record.ErrFallingBehind) and how long Close then took to
// write what was queued. The summary gives medians, the medians of the per-pair differences
// (each recorded run against the plain run just before it) and the load average.
//
//	go run ./bench/record/exec [-mb 64] [-runs 5] [-tty=false] [-only plain|recorded -cpuprofile FILE]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/cciapi/localcci"
	"github.com/podmux/podmux/session/record"
)

func main() {
	mb := flag.Int("mb", 64, "output of each exec in MiB")
	runs := flag.Int("runs", 5, "runs with and without recording")
	only := flag.String("only", "", "run only the plain or only the recorded runs (to profile one of them): plain or recorded")
	tty := flag.Bool("tty", true, "run the exec with a TTY, as sessions do (false: plain pipes, far faster)")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the whole run (server included) to this file")
	flag.Parse()
	if *profile != "" {
		f, err := os.Create(*profile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "exec:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if err := run(*mb, *runs, *tty, *only); err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "exec:", err)
		os.Exit(1)
	}
}

type result struct {
	bytes    int64
	d        time.Duration
	behind   bool
	closeDur time.Duration
	castSize int64
	cpu      time.Duration // user+system CPU of this process (client, server and recorder)
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func run(mb, runs int, tty bool, only string) error {
	if only != "" && only != "plain" && only != "recorded" {
		return fmt.Errorf("-only %q: want plain or recorded", only)
	}
	dir, err := os.MkdirTemp("", "podmux-exec-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	fx := &localcci.Fixture{Namespaces: []localcci.FixtureNamespace{{Name: "bench", Pods: []localcci.FixturePod{
		{Name: "box", Containers: []localcci.FixtureContainer{{Name: "main", Image: "busybox"}}},
	}}}}
	in, err := localcci.Start(localcci.Options{Fixture: fx, WorkDir: filepath.Join(dir, "pods")}, "", false)
	if err != nil {
		return err
	}
	defer in.Close()
	c, err := cciapi.NewClient(cciapi.Config{Endpoint: in.URL, Auth: cciapi.TokenAuth(in.Token())})
	if err != nil {
		return err
	}
	n := mb << 20
	// A 100-byte coloured log line with real ESC bytes (printf makes them; yes would print the
	// backslashes), repeated: yes and head are cheap next to the pty and the wire.
	cmd := fmt.Sprintf(`yes "$(printf '2026-11-29T02:00:00Z \033[32mINFO\033[m request handled path=/api/v1/items status=200 dur=1.2ms')" | head -c %d`, n)
	fmt.Printf("exec: %d MiB of output per run (TTY %v) from %s, 32 KiB reads; load average %s\n", mb, tty, in.URL, loadAverage())

	var plain, rec []result
	for i := 0; i < runs; i++ {
		if only != "recorded" {
			r, err := once(c, cmd, tty, "")
			if err != nil {
				return err
			}
			plain = append(plain, r)
			fmt.Printf("run %d: plain    %6.1f MB/s %5.1f CPU ms/MB\n", i+1, mbps(r), cpuPerMB(r))
		}
		if only != "plain" {
			r, err := once(c, cmd, tty, filepath.Join(dir, fmt.Sprintf("run%d.cast", i)))
			if err != nil {
				return err
			}
			rec = append(rec, r)
			fmt.Printf("run %d: recorded %6.1f MB/s %5.1f CPU ms/MB (fell behind: %v, Close %v, .cast %.1f MB)\n",
				i+1, mbps(r), cpuPerMB(r), r.behind, r.closeDur.Round(time.Millisecond), float64(r.castSize)/1e6)
		}
	}
	if only != "" {
		return nil
	}
	mp, mr := median(plain, mbps), median(rec, mbps)
	cp, cr := median(plain, cpuPerMB), median(rec, cpuPerMB)
	fmt.Printf("median: plain %.1f MB/s, recorded %.1f MB/s: throughput overhead %.1f%%\n", mp, mr, 100*(mp-mr)/mp)
	fmt.Printf("median CPU: plain %.2f ms/MB, recorded %.2f ms/MB: CPU overhead %.1f%%\n", cp, cr, 100*(cr-cp)/cp)
	// Each recorded run is paired with the plain run just before it: under a changing load the
	// median of the per-pair differences is steadier than the difference of the medians.
	slow := make([]float64, len(rec))
	extra := make([]float64, len(rec))
	for i := range rec {
		slow[i] = 100 * (1 - mbps(rec[i])/mbps(plain[i]))
		extra[i] = cpuPerMB(rec[i]) - cpuPerMB(plain[i])
	}
	slices.Sort(slow)
	slices.Sort(extra)
	fmt.Printf("paired medians: throughput overhead %.1f%%, recorder CPU %+.2f ms/MB; load average %s\n",
		slow[len(slow)/2], extra[len(extra)/2], loadAverage())
	return nil
}

// loadAverage is the 1-minute load average, for the record of how busy the machine was.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "unknown"
	}
	return f[0]
}

func mbps(r result) float64 { return float64(r.bytes) / 1e6 / r.d.Seconds() }

func cpuPerMB(r result) float64 { return float64(r.cpu.Milliseconds()) / (float64(r.bytes) / 1e6) }

func median(rs []result, f func(result) float64) float64 {
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = f(r)
	}
	slices.Sort(v)
	return v[len(v)/2]
}

// once runs cmd and reads its output, recording it to castPath unless that is empty.
func once(c *cciapi.Client, cmd string, tty bool, castPath string) (result, error) {
	var res result
	var rec *record.Recorder
	if castPath != "" {
		var err error
		if rec, err = record.Create(castPath, record.Header{Width: 120, Height: 40}); err != nil {
			return res, err
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cpu0 := cpuTime()
	t0 := time.Now()
	s, err := c.Exec(ctx, cciapi.ExecOptions{Namespace: "bench", Pod: "box", Command: []string{"sh", "-c", cmd},
		Stdout: true, TTY: tty, InitialWidth: 120, InitialHeight: 40})
	if err != nil {
		return res, err
	}
	defer s.Close()
	buf := make([]byte, 32<<10)
	out := s.Stdout()
	for {
		n, err := out.Read(buf)
		if n > 0 {
			res.bytes += int64(n)
			if rec != nil {
				rec.Output(buf[:n])
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return res, err
		}
	}
	if code, err := s.Wait(); err != nil || code != 0 {
		return res, fmt.Errorf("exec ended with %d, %v", code, err)
	}
	res.d = time.Since(t0)
	if rec != nil {
		res.behind = errors.Is(rec.Err(), record.ErrFallingBehind)
		t1 := time.Now()
		if err := rec.Close(); err != nil && !errors.Is(err, record.ErrFallingBehind) {
			return res, err
		}
		res.closeDur = time.Since(t1)
		if fi, err := os.Stat(castPath); err == nil {
			res.castSize = fi.Size()
		}
		os.Remove(castPath)
	}
	res.cpu = cpuTime() - cpu0
	return res, nil
}
