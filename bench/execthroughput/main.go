// Command execthroughput measures exec stdout throughput from podmux's local server: a 64 MiB
// stream per exec through podmux's cciapi client and through client-go's WebSocket executor,
// against the same in-process server, alternating the two each round so both see the same
// machine load. With -spdy (the default) each round also runs the same exec over SPDY/3.1 on
// POST, podmux's SPDY client against client-go's SPDY executor, on the same server. It prints every round, then the medians, the ratio and the CPU time per exec
// of this process (client + in-process server; the generator is a separate process).
//
//	go run ./bench/execthroughput [-rounds 15] [-mib 64] [-spdy=false] [-cpuprofile f [-profile client]]
//
// With -profile (podmux, client-go, podmux-spdy, client-go-spdy or bare-spdy) and -cpuprofile, it runs only
// that client, -rounds times, all under the CPU profile (to compare two clients' profiles).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/remotecommand"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/cciapi/localcci"
)

// podNice is -pod-nice.
var podNice int

func main() {
	rounds := flag.Int("rounds", 15, "rounds; each runs one podmux and one client-go exec")
	mib := flag.Int("mib", 64, "MiB of stdout per exec")
	prof := flag.String("cpuprofile", "", "write a CPU profile of the podmux runs to this file")
	ceiling := flag.Bool("ceiling", false, "also drain the raw connection each round (no frame parsing): the ceiling for any client")
	spdy := flag.Bool("spdy", true, "also run each round over SPDY/3.1: podmux's SPDY client against client-go's SPDY executor")
	only := flag.String("profile", "", "with -cpuprofile: profile only this client (podmux, client-go, podmux-spdy, client-go-spdy, bare-spdy) over every round")
	flag.IntVar(&podNice, "pod-nice", -1, "nice value of the generator (localcci Options.PodNice; -1: the server's own priority, so the clients are measured rather than the scheduler)")
	flag.Parse()
	profileOnly = *only
	if err := run(*rounds, *mib, *prof, *ceiling, *spdy); err != nil {
		fmt.Fprintln(os.Stderr, "execthroughput:", err)
		os.Exit(1)
	}
}

// sample is one exec: MB/s over the whole exec (dial, process start, stream, status, close),
// MB/s of the stream alone (the sink's first to last byte) and this process's CPU time.
type sample struct{ mbps, streamMBps, cpuMS float64 }

func run(rounds, mib int, prof string, ceiling, spdy bool) error {
	fx := &localcci.Fixture{Namespaces: []localcci.FixtureNamespace{{Name: "bench", Pods: []localcci.FixturePod{
		{Name: "gen", Containers: []localcci.FixtureContainer{{Name: "main", Image: "busybox"}}},
	}}}}
	dir, err := os.MkdirTemp("", "execthroughput-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	in, err := localcci.Start(localcci.Options{Fixture: fx, WorkDir: dir, PodNice: podNice}, "", false)
	if err != nil {
		return err
	}
	defer in.Close()
	size := int64(mib) << 20
	command := []string{"dd", "if=/dev/zero", "bs=1048576", "count=" + strconv.Itoa(mib), "status=none"}

	c, err := cciapi.NewClient(cciapi.Config{Endpoint: in.URL, Auth: cciapi.TokenAuth(in.Token())})
	if err != nil {
		return err
	}
	podmux := func(w *counter) error {
		s, err := c.Exec(context.Background(), cciapi.ExecOptions{Namespace: "bench", Pod: "gen", Command: command, Stdout: true})
		if err != nil {
			return err
		}
		defer s.Close()
		n, err := io.Copy(w, s.Stdout())
		if err != nil || n != size {
			return fmt.Errorf("podmux: read %d of %d bytes: %v", n, size, err)
		}
		if code, err := s.Wait(); code != 0 || err != nil {
			return fmt.Errorf("podmux: exit %d: %v", code, err)
		}
		return nil
	}
	cfg := &rest.Config{Host: in.URL, WrapTransport: func(rt http.RoundTripper) http.RoundTripper {
		return authRT{next: rt, token: in.Token()}
	}}
	u := in.URL + cciapi.APIPrefix + "/namespaces/bench/pods/gen/exec?" + url.Values{"command": command, "stdout": {"true"}}.Encode()
	clientGo := func(w *counter) error {
		ex, err := remotecommand.NewWebSocketExecutor(cfg, "GET", u)
		if err != nil {
			return err
		}
		if err := ex.StreamWithContext(context.Background(), remotecommand.StreamOptions{Stdout: w}); err != nil {
			return fmt.Errorf("client-go: %v", err)
		}
		if w.n != size {
			return fmt.Errorf("client-go: read %d of %d bytes", w.n, size)
		}
		return nil
	}
	var podmuxSPDY, clientGoSPDY func(*counter) error
	if spdy {
		if podmuxSPDY, clientGoSPDY, err = spdyRunners(in.URL, in.Token(), u, command, size); err != nil {
			return err
		}
	}
	// One warm-up each (page cache, connection setup, JIT-free but allocator warm).
	for _, f := range []func(*counter) error{podmux, clientGo, podmuxSPDY, clientGoSPDY} {
		if f == nil {
			continue
		}
		if err := f(&counter{}); err != nil {
			return err
		}
	}
	var pf *os.File
	if prof != "" {
		if pf, err = os.Create(prof); err != nil {
			return err
		}
		defer pf.Close()
	}
	wsURL := "ws" + strings.TrimPrefix(u, "http")
	raw := func(w *counter) error { return rawDrain(wsURL, in.Token(), size, w) }
	bare := func(w *counter) error { return bareSPDY(u, in.Token(), size, w) }
	if profileOnly != "" {
		clients := map[string]func(*counter) error{"podmux": podmux, "client-go": clientGo, "podmux-spdy": podmuxSPDY, "client-go-spdy": clientGoSPDY, "bare-spdy": bare}
		f := clients[profileOnly]
		if f == nil || pf == nil {
			return fmt.Errorf("-profile %q: name podmux, client-go, podmux-spdy, client-go-spdy or bare-spdy (SPDY ones need -spdy), with -cpuprofile", profileOnly)
		}
		return profileClient(pf, rounds, size, profileOnly, f)
	}
	var pm, cg, rw, ps, cs, bs []sample
	fmt.Printf("%d rounds of %d MiB of stdout per exec (dd if=/dev/zero bs=1M), local server on loopback; %s UTC, load average %s\n",
		rounds, mib, time.Now().UTC().Format("2006-01-02 15:04"), loadAverage())
	fmt.Printf("%-6s %14s %14s %12s %12s %16s\n", "round", "podmux MB/s", "client-go MB/s", "podmux cpu", "client-go cpu", "stream only")
	for i := 0; i < rounds; i++ {
		if pf != nil {
			_ = pprof.StartCPUProfile(pf)
		}
		a, err := measure(size, podmux)
		if pf != nil {
			pprof.StopCPUProfile()
			pf = nil
		}
		if err != nil {
			return err
		}
		b, err := measure(size, clientGo)
		if err != nil {
			return err
		}
		pm, cg = append(pm, a), append(cg, b)
		fmt.Printf("%-6d %14.0f %14.0f %10.1fms %10.1fms %7.0f %7.0f", i+1, a.mbps, b.mbps, a.cpuMS, b.cpuMS, a.streamMBps, b.streamMBps)
		if spdy {
			a, err := measure(size, podmuxSPDY)
			if err != nil {
				return err
			}
			b, err := measure(size, clientGoSPDY)
			if err != nil {
				return err
			}
			ps, cs = append(ps, a), append(cs, b)
			fmt.Printf("   spdy %6.0f %6.0f MB/s %6.1fms %6.1fms", a.mbps, b.mbps, a.cpuMS, b.cpuMS)
			if ceiling {
				f, err := measure(size, bare)
				if err != nil {
					return err
				}
				bs = append(bs, f)
				fmt.Printf("   bare spdystream %6.0f MB/s %6.1fms", f.mbps, f.cpuMS)
			}
		}
		if ceiling {
			r, err := measure(size, raw)
			if err != nil {
				return err
			}
			rw = append(rw, r)
			fmt.Printf("   raw drain %6.0f MB/s %6.1fms, stream only %6.0f", r.mbps, r.cpuMS, r.streamMBps)
		}
		fmt.Println()
	}
	mp, mc := median(pm, func(s sample) float64 { return s.mbps }), median(cg, func(s sample) float64 { return s.mbps })
	cp, cc := median(pm, func(s sample) float64 { return s.cpuMS }), median(cg, func(s sample) float64 { return s.cpuMS })
	sp, sc := median(pm, func(s sample) float64 { return s.streamMBps }), median(cg, func(s sample) float64 { return s.streamMBps })
	fmt.Printf("median %14.0f %14.0f %10.1fms %10.1fms %7.0f %7.0f\n", mp, mc, cp, cc, sp, sc)
	fmt.Printf("podmux/client-go throughput: %.2fx (stream only: %.2fx); CPU per exec: %.2fx less; load average at the end %s\n", mp/mc, sp/sc, cc/cp, loadAverage())
	if spdy {
		mp, mc := median(ps, func(s sample) float64 { return s.mbps }), median(cs, func(s sample) float64 { return s.mbps })
		cp, cc := median(ps, func(s sample) float64 { return s.cpuMS }), median(cs, func(s sample) float64 { return s.cpuMS })
		sp, sc := median(ps, func(s sample) float64 { return s.streamMBps }), median(cs, func(s sample) float64 { return s.streamMBps })
		fmt.Printf("SPDY median: podmux %.0f MB/s, client-go %.0f MB/s (stream only %.0f, %.0f); CPU %.1fms, %.1fms per exec\n", mp, mc, sp, sc, cp, cc)
		fmt.Printf("SPDY podmux/client-go throughput: %.2fx (stream only: %.2fx); CPU per exec: %.2fx less\n", mp/mc, sp/sc, cc/cp)
		if ceiling {
			mf, cf := median(bs, func(s sample) float64 { return s.mbps }), median(bs, func(s sample) float64 { return s.cpuMS })
			fmt.Printf("SPDY floor, bare spdystream ReadData loop (ceiling for any spdystream client): %.0f MB/s, %.1fms CPU per exec; = %.2fx client-go; podmux reaches %.0f %% of it\n",
				mf, cf, mf/mc, 100*mp/mf)
		}
	}
	if ceiling {
		mr, cr := median(rw, func(s sample) float64 { return s.mbps }), median(rw, func(s sample) float64 { return s.cpuMS })
		sr := median(rw, func(s sample) float64 { return s.streamMBps })
		fmt.Printf("raw drain (ceiling for any client): %.0f MB/s (stream only %.0f), %.1fms CPU per exec; podmux reaches %.0f %% of it (stream only %.0f %%), client-go %.0f %% (%.0f %%)\n",
			mr, sr, cr, 100*mp/mr, 100*sp/sr, 100*mc/mr, 100*sc/sr)
	}
	return nil
}

// profileOnly names the one client -profile runs under the CPU profile ("": all, side by side).
var profileOnly string

// profileClient runs f rounds times under the CPU profile and prints its median.
func profileClient(pf *os.File, rounds int, size int64, name string, f func(*counter) error) error {
	if err := pprof.StartCPUProfile(pf); err != nil {
		return err
	}
	var ss []sample
	for range rounds {
		s, err := measure(size, f)
		if err != nil {
			pprof.StopCPUProfile()
			return err
		}
		ss = append(ss, s)
	}
	pprof.StopCPUProfile()
	fmt.Printf("%s alone under the CPU profile, %d rounds: median %.0f MB/s, %.1fms CPU per exec; load average %s\n", name, rounds,
		median(ss, func(s sample) float64 { return s.mbps }), median(ss, func(s sample) float64 { return s.cpuMS }), loadAverage())
	return nil
}

// measure runs f once and returns MB/s (10^6 bytes, as go test -bench) over the whole call and
// over the stream alone (the counter's first to last byte), and this process's CPU.
func measure(size int64, f func(*counter) error) (sample, error) {
	w := &counter{}
	c0, t0 := cpuTime(), time.Now()
	if err := f(w); err != nil {
		return sample{}, err
	}
	el := time.Since(t0)
	return sample{
		mbps:       float64(size) / el.Seconds() / 1e6,
		streamMBps: float64(w.n) / w.last.Sub(w.first).Seconds() / 1e6,
		cpuMS:      float64(cpuTime()-c0) / 1e6,
	}, nil
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loadAverage is the 1-, 5- and 15-minute load average (Linux), or "unknown".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}

func median(s []sample, key func(sample) float64) float64 {
	v := make([]float64, len(s))
	for i, x := range s {
		v[i] = key(x)
	}
	slices.Sort(v)
	if len(v) == 0 {
		return 0
	}
	return v[len(v)/2]
}

// authRT adds X-Auth-Token (client-go knows only bearer tokens).
type authRT struct {
	next  http.RoundTripper
	token string
}

func (a authRT) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("X-Auth-Token", a.token)
	return a.next.RoundTrip(r)
}

// counter is the sink: it counts bytes and notes when the first and the last arrived.
type counter struct {
	n           int64
	first, last time.Time
}

func (w *counter) Write(p []byte) (int, error) {
	w.last = time.Now()
	if w.n == 0 {
		w.first = w.last
	}
	w.n += int64(len(p))
	return len(p), nil
}
