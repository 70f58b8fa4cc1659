package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"
	_ "time/tzdata" // the DST cases must not depend on the host's zoneinfo

	"github.com/aimlater/aimlater/bot"
	"github.com/aimlater/aimlater/bot/schedule"
	"github.com/aimlater/aimlater/experiments"
	"github.com/aimlater/aimlater/storage"
)

// tickRun is one start of the bot at a pinned time, unit-sized: the real
// storage and scheduler with the check-in job, no Slack.
type tickRun struct {
	db    *storage.DB
	sched *schedule.Scheduler
}

// startTicks opens the database at path and runs what is due at now, as
// serve does when it starts.
func startTicks(t *testing.T, path string, now time.Time) tickRun {
	t.Helper()
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return now }
	sched := schedule.New(db, nil, schedule.Defaults{CheckIns: "30 2 * * *"}, time.UTC)
	sched.Now = db.Now
	sched.Register(schedule.KindCheckIns, bot.NewCheckIns(db, nil).Job)
	if err := sched.RunDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	return tickRun{db, sched}
}

// stop closes the database, as a restart does.
func (r tickRun) stop(t *testing.T) {
	t.Helper()
	if err := r.db.Close(); err != nil {
		t.Fatal(err)
	}
}

// lastTick and pendingDMs read what the runs so far left behind.
func (r tickRun) lastTick(t *testing.T) time.Time {
	t.Helper()
	last, err := r.db.LastTick(context.Background(), "T1", "C1", schedule.KindCheckIns)
	if err != nil {
		t.Fatal(err)
	}
	return last
}

func (r tickRun) pendingDMs(t *testing.T) int {
	t.Helper()
	n, err := r.db.PendingCount(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCheckInTicksAcrossRestartsAndDST(t *testing.T) {
	path := filepath.Join(t.TempDir(), "aimlater.db")
	seedTicks(t, path)
	// Each row is a start of the bot at a time (02:30 in Rome is the
	// schedule), with the last recorded tick and the DMs pending after it.
	steps := []struct {
		name, now, last string
		pending         int
	}{
		{"first start, 02:30 CET just passed", "2026-03-28T01:31:00Z", "2026-03-28T01:30:00Z", 1},
		{"restart a minute later: no repeat", "2026-03-28T01:32:00Z", "2026-03-28T01:30:00Z", 1},
		{"spring forward: 02:30 does not exist, runs at the jump", "2026-03-29T01:00:30Z", "2026-03-29T01:00:00Z", 2},
		{"down three days: one catch-up, the latest", "2026-04-02T03:00:00Z", "2026-04-02T00:30:00Z", 3},
		{"down past the window: skipped", "2026-04-03T13:00:00Z", "2026-04-02T00:30:00Z", 3},
		{"fall back: the first 02:30 CEST", "2026-10-25T00:30:10Z", "2026-10-25T00:30:00Z", 4},
		{"fall back: the second 02:30, in CET, is not due", "2026-10-25T01:30:10Z", "2026-10-25T00:30:00Z", 4},
	}
	for _, st := range steps {
		r := startTicks(t, path, atUTC(st.now))
		if got := r.lastTick(t); !got.Equal(atUTC(st.last)) {
			t.Errorf("%s: last tick %s, want %s", st.name, got.UTC().Format(time.RFC3339), st.last)
		}
		if got := r.pendingDMs(t); got != st.pending {
			t.Errorf("%s: %d DMs queued in all, want %d", st.name, got, st.pending)
		}
		r.stop(t)
	}
}

// seedTicks writes channel C1 in Rome with one running experiment.
func seedTicks(t *testing.T, path string) {
	t.Helper()
	db := openStore(t, path)
	defer db.Close()
	ctx := context.Background()
	s := experiments.DefaultChannelSettings("T1", "C1")
	s.TimeZone = "Europe/Rome"
	if err := db.SaveChannelSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	launched := atUTC("2026-03-01T09:00:00Z")
	e := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "Carousel", Metric: "signups",
		Deadline: experiments.Date{Year: 2026, Month: 12, Day: 31}, Status: experiments.StatusRunning,
		CreatedAt: launched, LaunchedAt: launched}
	if err := db.CreateExperiment(ctx, &e, nil); err != nil {
		t.Fatal(err)
	}
}

func atUTC(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}
