package main

import (
	"fmt"
	"testing"
	"time"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/cciapi/localcci"
)

// BenchmarkView times ui.Model.View at 200×50 with n panes full of coloured text, when every
// pane printed a line since the last frame and when nothing changed; the same setup as the
// compose program, for `go test -bench View ./bench/ui/compose`.
func BenchmarkView(b *testing.B) {
	srv, err := localcci.Start(localcci.Options{Fixture: fixture()}, "", false)
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	client, err := cciapi.NewClient(cciapi.Config{Endpoint: srv.URL, Auth: cciapi.TokenAuth(srv.Token())})
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{1, 4, 16} {
		d, mgr, dial, err := setup(client, n)
		if err != nil {
			b.Fatal(err)
		}
		sessions := mgr.Sessions()
		b.Run(fmt.Sprintf("panes=%d/changed", n), func(b *testing.B) {
			line := 0
			for b.Loop() {
				b.StopTimer()
				for i, s := range sessions {
					if err := writeAndWait(s, dial.stream(s.Target().Pod), colourLine(i*100+line, cols(s))); err != nil {
						b.Fatal(err)
					}
				}
				line++
				d.drain()
				clock.advance(time.Second) // every pane is redrawn (see measure)
				b.StartTimer()
				_ = d.m.View()
			}
		})
		b.Run(fmt.Sprintf("panes=%d/unchanged", n), func(b *testing.B) {
			d.drain()
			_ = d.m.View()
			for b.Loop() {
				_ = d.m.View()
			}
		})
		mgr.Close()
	}
}
