//go:build !linux

package localcci

// niceSession is Linux's autogroup nice; elsewhere the tasks' nice is all there is.
func niceSession(pid, nice int) {}
