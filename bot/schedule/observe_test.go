package schedule

import (
	"context"
	"strings"
	"testing"

	"github.com/aimlater/aimlater/internal/testkit"
)

// TestSchedulerTellsTheObserver: a run recorded on time, then a catch-up
// after two days down, one missed run older than the window skipped.
func TestSchedulerTellsTheObserver(t *testing.T) {
	ctx := context.Background()
	store := newLedgerFake(romeChannel("0 10 * * *"))
	s, _, clk, _ := newTestScheduler(store, utc("2026-06-02T08:00:03Z"), Defaults{})
	obs := &testkit.Observer{}
	s.Observe = obs
	for _, at := range []string{"2026-06-02T08:00:03Z", "2026-06-04T09:30:00Z"} {
		clk.Set(utc(at))
		if err := s.RunDue(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := strings.Join(obs.Heard(), ","), "tick checkins,skipped checkins,tick checkins"; got != want {
		t.Errorf("observer heard %s, want %s", got, want)
	}
}
