package record

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestPath(t *testing.T) {
	at := time.Date(2026, 11, 29, 2, 15, 0, 0, time.FixedZone("CET", 3600))
	cases := []struct {
		ns, pod, container, want string
	}{
		{"default", "web-1", "app", "default/web-1/app-20261129T011500Z.cast"},
		{"..", "..", "..", "__/__/__-20261129T011500Z.cast"},
		{"a/b", "c\\d", "../../etc/passwd", "a_b/c_d/.._.._etc_passwd-20261129T011500Z.cast"},
		{"", ".", "x\x00y\n", "_/_/x_y_-20261129T011500Z.cast"},
		{"ns", "pod", "日本", "ns/pod/日本-20261129T011500Z.cast"},
	}
	root := filepath.Join("/var", "rec")
	for _, tc := range cases {
		got := Path(root, tc.ns, tc.pod, tc.container, at)
		if want := filepath.Join(root, filepath.FromSlash(tc.want)); got != want {
			t.Errorf("Path(%q, %q, %q) = %q, want %q", tc.ns, tc.pod, tc.container, got, want)
		}
		rel, err := filepath.Rel(root, got)
		if err != nil || strings.HasPrefix(rel, "..") || strings.Count(filepath.ToSlash(rel), "/") != 2 {
			t.Errorf("Path(%q, %q, %q) = %q escapes or reshapes the tree", tc.ns, tc.pod, tc.container, got)
		}
	}
}
