//go:build linux

package localcci

import (
	"os"
	"strconv"
)

// niceSession lowers the CPU weight of the session pid leads (a tty exec: its own session) to
// nice. Under the kernel's autogroup scheduling (sched_autogroup_enabled, the default of most
// desktop kernels) every new session is a scheduling group of its own, weighted by the group's
// nice, not its tasks': a pod's nice 10 then counts only against the pod's own processes, and
// 100 flooding pods would each get as much CPU as the server and the user's terminal. Best
// effort: without autogroup the file is absent and the tasks' nice is all there is. It is set
// just after the start (nothing runs between the child's setsid and its exec), so a command's
// first moments run at the group's default weight.
func niceSession(pid, nice int) {
	_ = os.WriteFile("/proc/"+strconv.Itoa(pid)+"/autogroup", []byte(strconv.Itoa(nice)), 0)
}
