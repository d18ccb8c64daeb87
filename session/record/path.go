package record

import (
	"path/filepath"
	"strings"
	"time"
)

// TimeLayout is the UTC timestamp in recording file names, e.g. 20261129T011500Z.
const TimeLayout = "20060102T150405Z"

// Ext is the file extension of recordings; Prune only considers files with it.
const Ext = ".cast"

// Path names the recording of a container's session started at t:
// root/<namespace>/<pod>/<container>-<UTC time>.cast. Each component is sanitised so it stays
// one path element under root: separators, control characters and NUL become '_', and a
// component that is empty, "." or ".." becomes "_", "_" or "__".
func Path(root, namespace, pod, container string, t time.Time) string {
	name := sanitize(container) + "-" + t.UTC().Format(TimeLayout) + Ext
	return filepath.Join(root, sanitize(namespace), sanitize(pod), name)
}

func sanitize(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r < 0x20 || r == 0x7f {
			return '_'
		}
		return r
	}, s)
	switch s {
	case "", ".":
		return "_"
	case "..":
		return "__"
	}
	return s
}
