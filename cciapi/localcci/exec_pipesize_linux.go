//go:build linux

package localcci

import (
	"os"

	"golang.org/x/sys/unix"
)

// growPipe asks for a bulkPipeSize pipe buffer (best effort: the size stays on failure).
// SyscallConn keeps the file non-blocking, unlike Fd.
func growPipe(f *os.File) {
	if rc, err := f.SyscallConn(); err == nil {
		_ = rc.Control(func(fd uintptr) {
			_, _ = unix.FcntlInt(fd, unix.F_SETPIPE_SZ, bulkPipeSize)
		})
	}
}
