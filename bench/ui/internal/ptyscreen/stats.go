package ptyscreen

import (
	"fmt"
	"slices"
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
