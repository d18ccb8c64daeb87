package cciapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// Exec subprotocols, in the order podmux offers them.
const (
	ProtocolV5 = "v5.channel.k8s.io"
	ProtocolV4 = "v4.channel.k8s.io"
)

// Exec channels: the first byte of every binary WebSocket message.
const (
	ChannelStdin  byte = 0
	ChannelStdout byte = 1
	ChannelStderr byte = 2
	ChannelStatus byte = 3
	ChannelResize byte = 4
	// ChannelClose (v5 only) is followed by the channel being closed: [255, 0] is stdin EOF.
	ChannelClose byte = 255
)

// maxResizeFrame bounds a resize payload; real ones are ~30 bytes.
const maxResizeFrame = 4 << 10

// DecodeFrame splits one binary message into its channel and payload. The payload aliases msg.
// An empty message is an error (every frame carries at least its channel byte).
func DecodeFrame(msg []byte) (channel byte, payload []byte, err error) {
	if len(msg) == 0 {
		return 0, nil, errors.New("exec frame is empty: no channel byte")
	}
	return msg[0], msg[1:], nil
}

// EncodeFrame returns a new message: channel byte then payload.
func EncodeFrame(channel byte, payload []byte) []byte {
	b := make([]byte, 1+len(payload))
	b[0] = channel
	copy(b[1:], payload)
	return b
}

// EncodeResize returns the channel-4 payload for a terminal size: {"Width":W,"Height":H}.
func EncodeResize(width, height uint16) []byte {
	b := make([]byte, 0, 32)
	b = append(b, `{"Width":`...)
	b = strconv.AppendUint(b, uint64(width), 10)
	b = append(b, `,"Height":`...)
	b = strconv.AppendUint(b, uint64(height), 10)
	return append(b, '}')
}

// DecodeResize parses a channel-4 payload. Sizes outside 1..65535 are errors, so a caller never
// applies a zero or wrapped size to a pty.
func DecodeResize(p []byte) (width, height uint16, err error) {
	if len(p) > maxResizeFrame {
		return 0, 0, fmt.Errorf("resize frame of %d bytes is too long", len(p))
	}
	var v struct{ Width, Height int64 }
	if err := json.Unmarshal(p, &v); err != nil {
		return 0, 0, fmt.Errorf("resize frame is not {\"Width\":W,\"Height\":H}: %v", err)
	}
	if v.Width < 1 || v.Width > 65535 || v.Height < 1 || v.Height > 65535 {
		return 0, 0, fmt.Errorf("resize frame size %dx%d is out of range 1..65535", v.Width, v.Height)
	}
	return uint16(v.Width), uint16(v.Height), nil
}
