//go:build race

package term

// raceSlowdown scales time limits under the race detector.
const raceSlowdown = 8
