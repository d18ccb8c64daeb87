package ui

import (
	"testing"
	"time"
)

func TestFrameWaitPolicy(t *testing.T) {
	cases := []struct {
		typing, flooding bool
		want             time.Duration
	}{
		{false, false, frameInterval},
		{true, false, frameInterval / 4},
		{true, true, frameInterval / 4}, // typing wins: the echo is drawn soon, flood or not
		{false, true, floodFrameInterval},
	}
	for _, c := range cases {
		if got := frameWait(c.typing, c.flooding); got != c.want {
			t.Errorf("frameWait(typing %v, flooding %v) = %v, want %v", c.typing, c.flooding, got, c.want)
		}
	}
	if floodFrameInterval <= frameInterval {
		t.Errorf("flood frames (%v) must be no more frequent than normal frames (%v)", floodFrameInterval, frameInterval)
	}
}
