package ptyscreen

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Quantile returns the q-quantile (0..1) of ds by the nearest-rank method; zero when empty.
func Quantile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(q*float64(len(s))+0.999999) - 1
	return s[min(max(i, 0), len(s)-1)]
}

// Summary formats n, p50, p90, p99 and max of ds in milliseconds.
func Summary(ds []time.Duration) string {
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	return fmt.Sprintf("n=%d p50=%.3fms p90=%.3fms p99=%.3fms max=%.3fms",
		len(ds), ms(Quantile(ds, .5)), ms(Quantile(ds, .9)), ms(Quantile(ds, .99)), ms(Quantile(ds, 1)))
}

// Slow lists the keystrokes whose echo took longer than over, as "N ms at +T s" from t0, or ""
// when none did: where in a run the tail comes from.
func Slow(keys []Keystroke, t0 time.Time, over time.Duration) string {
	var slow []string
	for _, k := range keys {
		if d := k.Seen.Sub(k.Sent); d > over {
			slow = append(slow, fmt.Sprintf("%.0f ms at +%.1f s", float64(d)/1e6, k.Sent.Sub(t0).Seconds()))
		}
	}
	return strings.Join(slow, ", ")
}
