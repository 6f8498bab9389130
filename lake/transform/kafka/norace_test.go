//go:build !race

package kafka

// raceEnabled says the race detector is on: the big tests shrink.
const raceEnabled = false
