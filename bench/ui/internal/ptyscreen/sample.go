package ptyscreen

import (
	"fmt"
	"strings"
	"time"
)

// SampleRSS samples VmRSS of pid every interval until stop closes, then sends the samples (KiB).
func SampleRSS(pid int, interval time.Duration, stop <-chan struct{}, out chan<- []int64) {
	var v []int64
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if kib, err := RSSKiB(pid); err == nil {
			v = append(v, kib)
		}
		select {
		case <-stop:
			out <- v
			return
		case <-t.C:
		}
	}
}

// MiB formats RSS samples in MiB with their minimum and maximum.
func MiB(kib []int64) string {
	if len(kib) == 0 {
		return "none"
	}
	var b strings.Builder
	lo, hi := kib[0], kib[0]
	for i, k := range kib {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%d", k/1024)
		lo, hi = min(lo, k), max(hi, k)
	}
	return fmt.Sprintf("%s (min %d, max %d)", b.String(), lo/1024, hi/1024)
}

// CPUPercent measures pid's CPU use over window as a percentage of one core.
func CPUPercent(pid int, window time.Duration) (float64, error) {
	c0, err := CPUSeconds(pid)
	if err != nil {
		return 0, err
	}
	t0 := time.Now()
	time.Sleep(window)
	c1, err := CPUSeconds(pid)
	if err != nil {
		return 0, err
	}
	return 100 * (c1 - c0) / time.Since(t0).Seconds(), nil
}
