package storage

import (
	"context"
	"database/sql"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// LoadFacts is the plain way to read a digest's facts: every running
// experiment and idea in full. The bot reads them with LoadDigest, which
// reads only what it shows; the tests keep this one as the oracle
// LoadDigest must agree with. It reads, in one snapshot: its settings, running experiments (with LastCheckInAt),
// ideas, open goals, and the launches and decisions in the WinRateWindow
// up to now. Every query is bounded by an index; older history is
// never read.
func (db *DB) LoadFacts(ctx context.Context, team, channel string, now time.Time) (experiments.Facts, error) {
	var f experiments.Facts
	span := []any{team, channel, toMillis(now.Add(-experiments.WinRateWindow)), toMillis(now)}
	err := db.read(ctx, "load facts", func(tx *sql.Tx) (err error) {
		if f.Settings, err = findChannelSettings(ctx, tx, team, channel); err != nil {
			return err
		}
		if f.Running, err = findByStatus(ctx, tx, team, channel, experiments.StatusRunning); err != nil {
			return err
		}
		if f.Ideas, err = findByStatus(ctx, tx, team, channel, experiments.StatusIdea); err != nil {
			return err
		}
		if f.Goals, err = findOpenGoals(ctx, tx, team, channel); err != nil {
			return err
		}
		if f.Launches, err = findLaunches(ctx, tx, span); err != nil {
			return err
		}
		f.Decisions, err = findDecisions(ctx, tx, span)
		return err
	})
	return f, err
}

func findByStatus(ctx context.Context, tx *sql.Tx, team, channel string, s experiments.Status) ([]experiments.Experiment, error) {
	list, _, err := findExperiments(ctx, tx, experiments.ExperimentFilter{
		Team: &team, Channel: &channel, Statuses: []experiments.Status{s},
	})
	return list, err
}
