package main

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestConsoleNow runs :now in its forms: show, move, show again, a time it
// cannot read, back to the real time.
func TestConsoleNow(t *testing.T) {
	c, _, out := newTestConsole(t)
	script := ":now\n:now 2026-11-02 10:00\n:now\n:now tomorrow\n:now real\n"
	if err := c.run(context.Background(), strings.NewReader(script)); err != nil {
		t.Fatal(err)
	}
	want := `> :now
Console clock: Thu 26 Nov 2026 09:30 UTC (the real time).

> :now 2026-11-02 10:00
Console clock: Mon 2 Nov 2026 10:00 UTC (moved; :now real goes back to the real time).

> :now
Console clock: Mon 2 Nov 2026 10:00 UTC (moved; :now real goes back to the real time).

> :now tomorrow
"tomorrow" is not a time. Try :now 2026-11-02 10:00 (UTC), or :now real.

> :now real
Console clock: Thu 26 Nov 2026 09:30 UTC (the real time).

`
	if got := out.String(); got != want {
		t.Errorf("output =\n%s\nwant\n%s", got, want)
	}
}

// TestConsoleNowMovesEveryClock checks through the whole console that the
// App, the store and the scheduler follow :now: an experiment created
// after it is dated then and is overdue a week later, and the digest tick
// reviews the moved week.
func TestConsoleNowMovesEveryClock(t *testing.T) {
	pinConsoleClock(t) // Thursday 26 November 2026, W48
	script := `:now 2026-12-01 10:00
new Try a pricing page test metric:signups target:50 by:2026-12-04
:now 2026-12-08 10:00
show #1
:tick digest
`
	code, stdout, stderr := runConsole(t, consoleEnv(t), script)
	if code != exitOK {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	for _, want := range []string{
		"Console clock: Tue 8 Dec 2026 10:00 UTC",
		"quiet for 7 days",     // the store's clock: launched on the 1st
		"overdue",              // the App's clock: due on the 4th, shown on the 8th
		"Week 2026-W50 digest", // the scheduler's clock: Tuesday 8 December is in W50
		"Decide now · 1 experiment past the deadline",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}

// TestConsoleTimeKeepsRunning checks that a moved clock runs on from where
// it was set.
func TestConsoleTimeKeepsRunning(t *testing.T) {
	real := time.Date(2026, 11, 26, 9, 30, 0, 0, time.UTC)
	clock := &consoleTime{base: func() time.Time { return real }}
	clock.Set(time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC))
	real = real.Add(90 * time.Second)
	if got, want := clock.Now(), time.Date(2026, 11, 2, 10, 1, 30, 0, time.UTC); !got.Equal(want) || !clock.Moved() {
		t.Errorf("Now = %v, moved %v; want %v, true", got, clock.Moved(), want)
	}
	clock.Reset()
	if !clock.Now().Equal(real) || clock.Moved() {
		t.Errorf("after Reset: Now = %v, moved %v; want the real time", clock.Now(), clock.Moved())
	}
}
