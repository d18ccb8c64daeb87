package ui

import (
	"testing"
	"time"
)

func TestFrameWaitPolicy(t *testing.T) {
	cases := []struct {
		echo, typing, flooding bool
		want                   time.Duration
	}{
		{false, false, false, frameInterval},
		{true, true, false, frameInterval / 4},
		{true, true, true, frameInterval / 4}, // the echo is drawn soon, flood or not
		{false, true, false, frameInterval},   // typing, other output: the normal pace
		{false, true, true, frameInterval},
		{false, false, true, floodFrameInterval},
	}
	for _, c := range cases {
		if got := frameWait(c.echo, c.typing, c.flooding); got != c.want {
			t.Errorf("frameWait(echo %v, typing %v, flooding %v) = %v, want %v", c.echo, c.typing, c.flooding, got, c.want)
		}
	}
	if floodFrameInterval <= frameInterval {
		t.Errorf("flood frames (%v) must be no more frequent than normal frames (%v)", floodFrameInterval, frameInterval)
	}
}
