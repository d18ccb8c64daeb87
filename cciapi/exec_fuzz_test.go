package cciapi

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzDecodeFrame checks that no message panics the frame and resize decoders, and that
// encode/decode round-trip.
func FuzzDecodeFrame(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1})
	f.Add([]byte("\x01hello"))
	f.Add([]byte("\x04{\"Width\":80,\"Height\":24}"))
	f.Add([]byte("\x04{\"Width\":0,\"Height\":70000}"))
	f.Add([]byte{255, 0})
	f.Fuzz(func(t *testing.T, msg []byte) {
		ch, p, err := DecodeFrame(msg)
		if err != nil {
			if len(msg) != 0 {
				t.Fatalf("non-empty message rejected: %v", err)
			}
			return
		}
		if !bytes.Equal(EncodeFrame(ch, p), msg) {
			t.Fatalf("round trip of %q failed", msg)
		}
		if ch == ChannelResize {
			if w, h, err := DecodeResize(p); err == nil {
				if w == 0 || h == 0 {
					t.Fatalf("resize %q decoded to a zero size", p)
				}
				w2, h2, err := DecodeResize(EncodeResize(w, h))
				if err != nil || w2 != w || h2 != h {
					t.Fatalf("resize round trip %dx%d: %dx%d %v", w, h, w2, h2, err)
				}
			}
		}
	})
}

// FuzzDecodeStatus checks that no status panics the decoder, that only a Success status gives
// exit code 0 without an error, and that codes stay in 0..255.
func FuzzDecodeStatus(f *testing.F) {
	f.Add([]byte(`{"status":"Success"}`))
	f.Add([]byte(`{"metadata":{},"status":"Success"}`))
	f.Add([]byte(`{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: exit 3","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"3"}]}}`))
	f.Add([]byte(`{"status":"Failure","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"300"}]}}`))
	f.Add([]byte(`{"status":"Failure","message":"container not found (\"x\")","reason":"InternalError","code":500}`))
	f.Add([]byte(`plain text error`))
	f.Add([]byte(`{"status":`))
	f.Fuzz(func(t *testing.T, p []byte) {
		code, err := DecodeExecStatus(p)
		if code < -1 || code > 255 {
			t.Fatalf("exit code %d out of range for %q", code, p)
		}
		if err == nil && code == 0 {
			// A zero exit needs a Success status or a NonZeroExitCode status whose ExitCode
			// cause says 0.
			var st Status
			if json.Unmarshal(p, &st) != nil {
				t.Fatalf("%q is not JSON yet decoded as exit 0", p)
			}
			if st.Status != "Success" {
				if c, found, _ := exitCodeCause(st.Details); st.Reason != ReasonNonZeroExitCode || !found || c != 0 {
					t.Fatalf("%q decoded as exit 0", p)
				}
			}
		}
		if err != nil {
			_ = err.Error()
		}
	})
}
