package term

import "strconv"

// emit sends a reply to the remote through the WithReplies callback.
func (t *Terminal) emit(b []byte) {
	if t.reply != nil {
		t.reply(b)
	}
}

func (t *Terminal) sendReply(s string) {
	t.replyBuf = append(t.replyBuf[:0], s...)
	t.emit(t.replyBuf)
}

// deviceStatus answers DSR 5 (status) and 6 (cursor position; DECXCPR when private).
func (t *Terminal) deviceStatus(p int, private bool) {
	switch p {
	case 5:
		if !private {
			t.sendReply("\x1b[0n")
		}
	case 6:
		y := t.y
		if t.origin {
			y -= t.marginTop
		}
		b := append(t.replyBuf[:0], "\x1b["...)
		if private {
			b = append(b, '?')
		}
		b = strconv.AppendInt(b, int64(y+1), 10)
		b = append(b, ';')
		b = strconv.AppendInt(b, int64(t.x+1), 10)
		if private {
			b = append(b, ";1"...)
		}
		b = append(b, 'R')
		t.replyBuf = b
		t.emit(b)
	}
}

// Nominal cell size in pixels for XTWINOPS pixel reports.
const (
	cellPixelW = 8
	cellPixelH = 16
)

// windowOps answers XTWINOPS size reports 14, 16 and 18; other operations are ignored.
func (t *Terminal) windowOps(op int) {
	var a, h, w int
	switch op {
	case 14:
		a, h, w = 4, t.rows*cellPixelH, t.cols*cellPixelW
	case 16:
		a, h, w = 6, cellPixelH, cellPixelW
	case 18:
		a, h, w = 8, t.rows, t.cols
	default:
		return
	}
	b := append(t.replyBuf[:0], "\x1b["...)
	b = strconv.AppendInt(b, int64(a), 10)
	b = append(b, ';')
	b = strconv.AppendInt(b, int64(h), 10)
	b = append(b, ';')
	b = strconv.AppendInt(b, int64(w), 10)
	b = append(b, 't')
	t.replyBuf = b
	t.emit(b)
}
