package cciapi

import (
	"fmt"
	"testing"
)

// BenchmarkWatchPodsSnapshot measures one snapshot (a copy in name order) of a namespace of n pods. The
// informer builds one per read of its channel, not one per watch event.
func BenchmarkWatchPodsSnapshot(b *testing.B) {
	for _, n := range []int{100, 1000, 5000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			in := &podInformer{pods: map[string]Pod{}}
			for i := range n {
				name := fmt.Sprintf("pod-%05d", (i*7919)%n)
				in.setPod(Pod{Metadata: ObjectMeta{Name: name, Labels: map[string]string{"app": "x"}},
					Spec: PodSpec{Containers: []Container{{Name: "c"}}}}, false)
			}
			b.ReportAllocs()
			for b.Loop() {
				_ = in.snapshot()
			}
		})
	}
}
