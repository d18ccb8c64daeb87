package record

import (
	"fmt"
	"unicode/utf8"
)

// addText records p as an output or input event, holding back an incomplete UTF-8 tail for the
// next call. The event line is encoded here, straight from p, into the current block.
func (r *Recorder) addText(typ EventType, carry *[]byte, p []byte) {
	if len(p) == 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed || r.writeErr != nil {
		return
	}
	t := r.timeLocked()
	n := len(*carry) + len(p)
	if r.pending+n+eventOverhead > r.maxPending {
		r.dropLocked(t, n)
		*carry = (*carry)[:0]
		return
	}
	r.markGapLocked(t)
	keep := joinedTail(*carry, p)
	if keep > len(p) {
		// Still inside the sequence the carry began (p continues it without ending it).
		*carry = append(*carry, p...)
		return
	}
	head, data := *carry, p[:len(p)-keep]
	for len(head)+len(data) > maxEventData {
		cut := runeStartAtOrBefore(data, maxEventData-len(head))
		r.encodeLocked(t, typ, head, data[:cut])
		head, data = nil, data[cut:]
	}
	if len(head)+len(data) > 0 {
		r.encodeLocked(t, typ, head, data)
	}
	*carry = append((*carry)[:0], p[len(p)-keep:]...)
}

// joinedTail is incompleteTail of head followed by p, without joining them.
func joinedTail(head, p []byte) int {
	if len(p) >= utf8.UTFMax-1 {
		return incompleteTail(p)
	}
	var scratch [2 * (utf8.UTFMax - 1)]byte
	return incompleteTail(append(append(scratch[:0], head...), p...))
}

// runeStartAtOrBefore returns a cut in b near limit (0 < limit < len(b)) where the decoding of
// b is at a rune boundary, so that encoding b[:cut] and b[cut:] one after the other gives the
// bytes of encoding b: the last rune start in b[limit-3 : limit+1], else limit itself when
// those are four continuation bytes in a row (each then invalid on its own), else (near the
// start of b) the first rune start or invalid byte after limit. It is never 0, so splitting
// always makes progress, and at most limit for limit ≥ utf8.UTFMax.
func runeStartAtOrBefore(b []byte, limit int) int {
	for c := limit; c > 0 && c > limit-utf8.UTFMax; c-- {
		if utf8.RuneStart(b[c]) {
			return c
		}
	}
	if limit >= utf8.UTFMax {
		return limit
	}
	for c := limit + 1; c < len(b); c++ {
		if utf8.RuneStart(b[c]) || c >= utf8.UTFMax {
			return c
		}
	}
	return len(b)
}

// add records a small event (resize, marker), under the same bound as output.
func (r *Recorder) add(typ EventType, data []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed || r.writeErr != nil {
		return
	}
	t := r.timeLocked()
	if r.pending+len(data)+eventOverhead > r.maxPending {
		r.dropLocked(t, len(data))
		return
	}
	r.markGapLocked(t)
	r.encodeLocked(t, typ, nil, data)
}

// encodeLocked appends the event line of head followed by data (see appendEventJoined) to the
// current block, first handing the block over as full when the line might not fit it or when it
// holds writeSize.
func (r *Recorder) encodeLocked(t float64, typ EventType, head, data []byte) {
	worst := maxEventFraming + maxEscapeGrowth*(len(head)+len(data))
	if r.cur != nil && len(r.cur)+worst > cap(r.cur) {
		r.full = append(r.full, r.cur)
		r.cur = getBlock(worst, true) // a second block in one writer cycle: output is flowing
	} else if r.cur == nil {
		r.cur = getBlock(worst, false)
	}
	from := len(r.cur)
	r.cur = appendEventJoined(r.cur, t, typ, head, data)
	r.pending += len(r.cur) - from
	if len(r.cur) >= writeSize {
		r.full = append(r.full, r.cur)
		r.cur = nil
	}
	r.queuedSeq++
	r.cond.Broadcast()
}

// dropLocked accounts n bytes that did not fit and reports the recorder as falling behind.
func (r *Recorder) dropLocked(t float64, n int) {
	if r.dropped == 0 {
		r.gapStart = t
	}
	r.dropped += int64(n)
	r.droppedAll += int64(n)
	r.behindErr = fmt.Errorf("%w: %d bytes of session output not recorded (writing %s is too slow)",
		ErrFallingBehind, r.droppedAll, r.describe())
}

// markGapLocked records the marker for a gap that just ended, once there is room again.
func (r *Recorder) markGapLocked(t float64) {
	if r.dropped == 0 {
		return
	}
	label := fmt.Sprintf("podmux: recording gap, %d bytes dropped from %.3fs to %.3fs", r.dropped, r.gapStart, t)
	r.dropped = 0
	r.encodeLocked(t, EventMarker, nil, []byte(label))
}

func (r *Recorder) describe() string {
	if r.path != "" {
		return r.path
	}
	return "the recording"
}
