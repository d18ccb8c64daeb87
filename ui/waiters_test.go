package ui

import (
	"testing"
	"time"
)

func TestFrameWaitPolicy(t *testing.T) {
	cases := []struct {
		typing, focusPrinted, flooding bool
		want                           time.Duration
	}{
		{false, false, false, frameInterval},
		{false, true, false, frameInterval},
		{true, true, false, frameInterval / 4},
		{true, true, true, frameInterval / 4}, // typing wins: the echo is drawn soon, flood or not
		{true, false, false, frameInterval},   // typing, but only other panes printed: their pace
		{true, false, true, frameInterval},
		{false, true, true, floodFrameInterval},
		{false, false, true, floodFrameInterval},
	}
	for _, c := range cases {
		if got := frameWait(c.typing, c.focusPrinted, c.flooding); got != c.want {
			t.Errorf("frameWait(typing %v, focused printed %v, flooding %v) = %v, want %v", c.typing, c.focusPrinted, c.flooding, got, c.want)
		}
	}
	if floodFrameInterval <= frameInterval {
		t.Errorf("flood frames (%v) must be no more frequent than normal frames (%v)", floodFrameInterval, frameInterval)
	}
}
