//go:build !linux

package localcci

import (
	"net"
	"os"
	"syscall"
)

// spliceTarget: splice(2) is Linux-only, so every connection gets copied frames.
func spliceTarget(net.Conn) syscall.RawConn { return nil }

// splicePump: never splices outside Linux; the copying pump sends the output.
func (x *execSession) splicePump(byte, *os.File) bool { return false }
