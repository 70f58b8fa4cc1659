package outbox

import (
	"context"
	"testing"
	"time"
)

// sleep is one wait Run asked for, and the channel that ends it.
type sleep struct {
	d    time.Duration
	fire chan time.Time
}

// driveSender starts f's Run with After handing each wait to the test, and
// returns the waits; Run stops at the end of the test.
func driveSender(t *testing.T, f *senderFixture) <-chan sleep {
	sleeps := make(chan sleep)
	f.s.After = func(d time.Duration) <-chan time.Time {
		fire := make(chan time.Time, 1)
		sleeps <- sleep{d, fire}
		return fire
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = f.s.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		for {
			select {
			case <-sleeps:
			case <-done:
				return
			}
		}
	})
	return sleeps
}

// TestRunSleepsUntilSomethingIsDue drives Run's sleeps: nothing pending
// sleeps IdleWait, a message behind one just sent waits for its channel's
// pace, one queued for later is waited for, and Wake cuts every sleep
// short. No pass runs on a timer that has nothing to do.
func TestRunSleepsUntilSomethingIsDue(t *testing.T) {
	f := newSenderFixture(t)
	var calls []senderCall
	recordAll(t, f.api, &calls)
	sleeps := driveSender(t, f)
	expect := func(what string, want time.Duration) sleep {
		t.Helper()
		s := <-sleeps
		if s.d != want {
			t.Fatalf("%s: Run sleeps %v, want %v", what, s.d, want)
		}
		return s
	}
	expect("empty outbox", DefaultIdleWait)

	f.store.add(KindPost, Payload{Channel: "C1", Text: "one"})
	f.store.add(KindPost, Payload{Channel: "C1", Text: "two"})
	f.s.Wake()
	paced := expect("second message in the channel just posted to", channelGap)
	if len(calls) != 1 {
		t.Fatalf("posts after the wake = %d, want 1", len(calls))
	}
	f.clock.Advance(channelGap)
	paced.fire <- f.clock.Now()
	expect("all sent", DefaultIdleWait)
	if len(calls) != 2 {
		t.Fatalf("posts after the pace = %d, want 2", len(calls))
	}

	later := Message(KindPost, "T1", Payload{Channel: "C2", Text: "later"})
	later.NotBefore = f.clock.Now().Add(5 * time.Second)
	f.store.addRaw(later)
	f.s.Wake()
	expect("a message due in 5 s", 5*time.Second)
	far := Message(KindPost, "T1", Payload{Channel: "C3", Text: "tomorrow"})
	far.NotBefore = f.clock.Now().Add(24 * time.Hour)
	f.store.addRaw(far)
	f.s.Wake()
	expect("the nearer of two", 5*time.Second)
}

// TestRunSleepsAtMostIdleWait: a message due a day from now is not waited
// for past IdleWait, the net for rows queued without a Wake.
func TestRunSleepsAtMostIdleWait(t *testing.T) {
	f := newSenderFixture(t)
	f.s.IdleWait = time.Minute
	m := Message(KindPost, "T1", Payload{Channel: "C1", Text: "tomorrow"})
	m.NotBefore = senderEpoch.Add(24 * time.Hour)
	f.store.addRaw(m)
	if s := <-driveSender(t, f); s.d != time.Minute {
		t.Errorf("Run sleeps %v, want IdleWait %v", s.d, time.Minute)
	}
}
