package main

import (
	"io"

	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
)

// renderer does what Bubble Tea's renderer does with each frame in the alt screen
// (bubbletea/v2 cursed_renderer.go flush): parse the frame into a cell buffer, diff it against
// the previous one and write the changes, here to io.Discard.
type renderer struct {
	buf uv.ScreenBuffer
	scr *uv.TerminalRenderer
}

func newRenderer(w, h int) *renderer {
	r := &renderer{buf: uv.NewScreenBuffer(w, h)}
	r.scr = uv.NewTerminalRenderer(io.Discard, []string{"TERM=xterm-256color", "COLORTERM=truecolor"})
	r.scr.SetColorProfile(colorprofile.TrueColor)
	r.scr.SetFullscreen(true)
	r.scr.SetRelativeCursor(false)
	r.scr.Resize(w, h)
	return r
}

// frame renders content.
func (r *renderer) frame(content string) {
	r.buf.Clear()
	uv.NewStyledString(content).Draw(r.buf, r.buf.Bounds())
	r.scr.Render(r.buf.RenderBuffer)
	_ = r.scr.Flush()
}
