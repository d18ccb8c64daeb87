// Command replay measures replaying a large recording at maximum speed: it writes a recording
// of at least -mb MB (the .cast file's size) with record.Create into a temporary directory,
// deterministically (coloured log lines, UTF-8, a full-screen redraw now and then, in 32 KiB
// output chunks 10 ms apart), then times
//
//   - record.Open: decoding the file into a Cast (and the heap the Cast holds),
//   - a record.Player at MaxSpeed into io.Discard (the player's own cost),
//   - a record.Player at MaxSpeed into a 120×40 term.Terminal with 10,000 lines of scrollback
//     (replay through the engine, as `podmux replay --screen` and a replay pane do),
//   - the same output written straight into the engine (its speed without the player).
//
// Rates are MB/s of output bytes (what the session printed), except the decode rate, which is
// MB/s of file. Each is the best of -runs runs.
//
//	go run ./bench/record/replay [-mb 50] [-runs 3] [-keep FILE]
package main

import (
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/podmux/podmux/session/record"
	"github.com/podmux/podmux/session/term"
)

func main() {
	mb := flag.Int("mb", 50, "size of the recording file in MB (10^6 bytes)")
	runs := flag.Int("runs", 3, "runs of each measurement (the best is reported)")
	keep := flag.String("keep", "", "also copy the generated recording to this path (to try `podmux replay` on it)")
	flag.Parse()
	if err := run(*mb, *runs, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "replay:", err)
		os.Exit(1)
	}
}

// chunk returns about 32 KiB of terminal output: coloured log lines with some UTF-8, and every
// 16th chunk a full-screen redraw (cursor addressing, erase), as top or an editor would send.
func chunk(rng *rand.Rand, i int) []byte {
	var b strings.Builder
	if i%16 == 15 {
		b.WriteString("\x1b[H\x1b[2J")
		for y := 1; y <= 40; y++ {
			fmt.Fprintf(&b, "\x1b[%d;1H\x1b[7m%3d\x1b[m %s", y, y, strings.Repeat("█░", 20+rng.IntN(30)))
		}
	}
	levels := []string{"\x1b[32mINFO \x1b[m", "\x1b[33mWARN \x1b[m", "\x1b[1;31mERROR\x1b[m", "\x1b[2mDEBUG\x1b[m"}
	for b.Len() < 32<<10 {
		fmt.Fprintf(&b, "2026-11-29T02:%02d:%02d.%03dZ %s \x1b[36mreq=%08x\x1b[m path=/api/v1/items/%d dur=%dms ",
			rng.IntN(60), rng.IntN(60), rng.IntN(1000), levels[rng.IntN(len(levels))], rng.Uint32(), rng.IntN(100000), rng.IntN(900))
		if rng.IntN(8) == 0 {
			b.WriteString("ünïcödé ✓ 日本語 ")
		}
		b.WriteString("\r\n")
	}
	return []byte(b.String())
}

// generate writes the recording and returns its path and the output bytes it holds.
func generate(dir string, fileBytes int64) (string, int64, error) {
	path := filepath.Join(dir, "big.cast")
	start := time.Date(2026, 11, 29, 2, 0, 0, 0, time.UTC)
	now := start
	r, err := record.Create(path, record.Header{Width: 120, Height: 40}, record.WithClock(func() time.Time { return now }))
	if err != nil {
		return "", 0, err
	}
	rng := rand.New(rand.NewPCG(3, 5))
	var out int64
	for i := 0; ; i++ {
		now = start.Add(time.Duration(i) * 10 * time.Millisecond)
		c := chunk(rng, i)
		r.Output(c)
		out += int64(len(c))
		if i%64 == 63 {
			if err := r.Flush(); err != nil {
				return "", 0, err
			}
			if fi, err := os.Stat(path); err != nil {
				return "", 0, err
			} else if fi.Size() >= fileBytes {
				break
			}
		}
	}
	return path, out, r.Close()
}

func heap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func best(runs int, fn func() error) (time.Duration, error) {
	var b time.Duration
	for i := 0; i < runs; i++ {
		t0 := time.Now()
		if err := fn(); err != nil {
			return 0, err
		}
		if d := time.Since(t0); i == 0 || d < b {
			b = d
		}
	}
	return b, nil
}

func rate(n int64, d time.Duration) string {
	return fmt.Sprintf("%.1f MB/s (%v)", float64(n)/1e6/d.Seconds(), d.Round(time.Millisecond))
}

func run(mb, runs int, keep string) error {
	dir, err := os.MkdirTemp("", "podmux-replay-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path, outBytes, err := generate(dir, int64(mb)*1e6)
	if err != nil {
		return err
	}
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	fmt.Printf("recording: %.1f MB file, %.1f MB of output\n", float64(fi.Size())/1e6, float64(outBytes)/1e6)
	if keep != "" {
		if err := copyFile(keep, path); err != nil {
			return err
		}
	}

	var cast *record.Cast
	base := heap()
	d, err := best(runs, func() error {
		cast = nil
		c, err := record.Open(path)
		cast = c
		return err
	})
	if err != nil {
		return err
	}
	held := heap() - base
	fmt.Printf("record.Open (decode):             %s of file; the Cast holds %.1f MiB of heap (%d events)\n",
		rate(fi.Size(), d), float64(held)/(1<<20), len(cast.Events))

	buf := make([]byte, 32<<10)
	d, err = best(runs, func() error {
		p := record.NewPlayer(cast, record.PlayerOptions{MaxSpeed: true})
		n, err := io.CopyBuffer(io.Discard, p.Stdout(), buf)
		if err == nil && n != outBytes {
			err = fmt.Errorf("player gave %d bytes, want %d", n, outBytes)
		}
		return err
	})
	if err != nil {
		return err
	}
	fmt.Printf("Player at MaxSpeed → io.Discard:  %s\n", rate(outBytes, d))

	var screen []string
	d, err = best(runs, func() error {
		t := term.New(120, 40)
		p := record.NewPlayer(cast, record.PlayerOptions{MaxSpeed: true, OnResize: t.Resize})
		if _, err := io.CopyBuffer(t, p.Stdout(), buf); err != nil {
			return err
		}
		screen = t.ScreenText()
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Printf("Player at MaxSpeed → engine:      %s\n", rate(outBytes, d))

	out := []byte(cast.Output())
	d, err = best(runs, func() error {
		t := term.New(120, 40)
		for off := 0; off < len(out); off += 32 << 10 {
			_, _ = t.Write(out[off:min(off+32<<10, len(out))])
		}
		if got := t.ScreenText(); strings.Join(got, "\n") != strings.Join(screen, "\n") {
			return fmt.Errorf("engine screen differs from the replayed one")
		}
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Printf("engine alone (32 KiB writes):     %s\n", rate(outBytes, d))
	return nil
}

func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
