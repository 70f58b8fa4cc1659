package main

import (
	"sync"
	"testing"
	"time"
)

// skipMax is the longest wait a skipClock skips. It covers Slack's pacing
// (a second per channel), a short Retry-After and the first backoffs; a
// longer wait (the sender's idle wait, a long backoff) passes in real time,
// so a Wake still ends it and the clock cannot race a message to its
// MaxAge during an outage.
const skipMax = 5 * time.Second

// skipClock is the sender's clock in the end-to-end tests: real time plus
// every short wait the sender asked for, each returned at once. The
// sender then paces, backs off and honours Retry-After exactly as it does
// in production, by its own clock, without the test waiting for it.
type skipClock struct {
	mu     sync.Mutex
	offset time.Duration
}

// Now is the real time plus the waits skipped so far.
func (c *skipClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

// After skips a wait of up to skipMax: it moves the clock on by d and
// returns a channel that is ready already. A longer wait is time.After.
func (c *skipClock) After(d time.Duration) <-chan time.Time {
	if d > skipMax {
		return time.After(d)
	}
	c.mu.Lock()
	c.offset += max(d, 0)
	now := time.Now().Add(c.offset)
	c.mu.Unlock()
	ch := make(chan time.Time, 1)
	ch <- now
	return ch
}

// useSkipClock gives the senders of the serves t starts from now on a
// skipClock of their own, and the real clock again when t ends.
func useSkipClock(t *testing.T) {
	t.Helper()
	senderClock = &skipClock{}
	t.Cleanup(func() { senderClock = nil })
}
