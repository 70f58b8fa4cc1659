package storage

import (
	"context"
	"database/sql"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// The digest of a channel is read through the covering indexes of migration
// 0002, so its cost grows with the channel's open work and its recent
// weeks, never with its whole history: at 50,000 experiments and 500,000
// check-ins it reads a few thousand index entries and a few dozen rows.

// LoadDigest returns what the digest of a channel at now is computed from,
// in one snapshot. Its Facts are those of LoadFacts with two differences:
//   - the running experiments carry only the fields the digest's rules read
//     (ID, Number, Status, LaunchedAt, Deadline, GoalID, Metric, Target and
//     LastCheckInAt), no title, owner or text; FindExperimentsByID fills in
//     the few that are shown;
//   - Ideas holds only the first limit ideas stuck in planning, in the order
//     of experiments.StuckIdeas and likewise brief, and StuckIdeas counts
//     them all.
//
// The week's shipped and decided experiments come whole, at most limit of
// each, with their totals. A channel with no experiment gets HasExperiments
// false and nothing else.
func (db *DB) LoadDigest(ctx context.Context, team, channel string, now time.Time, limit int) (experiments.DigestFacts, error) {
	var d experiments.DigestFacts
	err := db.read(ctx, "load digest", func(tx *sql.Tx) (err error) {
		if d.HasExperiments, err = hasExperiments(ctx, tx, team, channel); err != nil || !d.HasExperiments {
			return err
		}
		if d.Facts, err = findDigestFacts(ctx, tx, team, channel, now); err != nil {
			return err
		}
		stuckBefore := toMillis(experiments.StuckBefore(d.Settings, now))
		if d.Ideas, d.StuckIdeas, err = findStuckIdeas(ctx, tx, team, channel, stuckBefore, limit); err != nil {
			return err
		}
		d.Week, err = findWeekActivity(ctx, tx, team, channel, now, limit)
		return err
	})
	return d, err
}

// The digest's queries of present state, named so that
// TestDigestQueryPlans can check the index each one uses.
const (
	hasExperimentsQuery = `SELECT EXISTS (SELECT 1 FROM experiments WHERE team = ? AND channel = ?)`
	// The literal status matches the partial index experiments_running_digest;
	// the latest check-in comes from the check-ins' index.
	runningBriefQuery = `SELECT e.id, e.number, e.deadline, e.launched_at, e.goal_id,
		e.metric, e.target_value, e.target_percent,
		(SELECT MAX(c.at) FROM check_ins c WHERE c.experiment_id = e.id)
		FROM experiments e WHERE e.team = ? AND e.channel = ? AND e.status = 'running'
		ORDER BY e.number`
	stuckIdeasWhere = ` FROM experiments WHERE team = ? AND channel = ? AND status = 'idea' AND created_at <= ?`
	stuckIdeasCount = `SELECT COUNT(*)` + stuckIdeasWhere
	// The ranking of experiments.StuckIdeas; SQLite keeps the top LIMIT as
	// it scans, without sorting them all.
	stuckIdeasQuery = `SELECT id, number, created_at, ice_i, ice_c, ice_e` + stuckIdeasWhere +
		` ORDER BY ice_i * ice_c * ice_e DESC, created_at, number LIMIT ?`
)

// hasExperiments reports whether the channel has any experiment.
func hasExperiments(ctx context.Context, tx *sql.Tx, team, channel string) (bool, error) {
	var ok bool
	err := tx.QueryRowContext(ctx, hasExperimentsQuery, team, channel).Scan(&ok)
	return ok, err
}

// findDigestFacts reads the facts of the digest's metrics but the ideas,
// see LoadDigest.
func findDigestFacts(ctx context.Context, tx *sql.Tx, team, channel string, now time.Time) (f experiments.Facts, err error) {
	since := toMillis(now.Add(-lookBack()))
	if f.Settings, err = findChannelSettings(ctx, tx, team, channel); err != nil {
		return f, err
	}
	if f.Running, err = findRunningBrief(ctx, tx, team, channel); err != nil {
		return f, err
	}
	if f.Goals, err = findOpenGoals(ctx, tx, team, channel); err != nil {
		return f, err
	}
	if f.Launches, err = findLaunches(ctx, tx, team, channel, since); err != nil {
		return f, err
	}
	f.Decisions, err = findDecisions(ctx, tx, team, channel, since)
	return f, err
}

// findRunningBrief reads the running experiments of a channel, brief, from
// indexes alone.
func findRunningBrief(ctx context.Context, tx *sql.Tx, team, channel string) ([]experiments.Experiment, error) {
	rows, err := tx.QueryContext(ctx, runningBriefQuery, team, channel)
	if err != nil {
		return nil, err
	}
	return scanBriefs(rows, func(s scanner) (experiments.Experiment, error) {
		e := experiments.Experiment{Team: team, Channel: channel, Status: experiments.StatusRunning}
		var deadline sql.NullString
		var goalID, lastCheckIn sql.NullInt64
		var launched int64
		err := s.Scan(&e.ID, &e.Number, &deadline, &launched, &goalID, &e.Metric, &e.Target.Value, &e.Target.Percent, &lastCheckIn)
		if err != nil {
			return e, err
		}
		e.LaunchedAt, e.GoalID, e.LastCheckInAt = fromMillis(launched), goalID.Int64, fromNullMillis(lastCheckIn)
		e.Deadline, err = parseDate(deadline)
		return e, err
	})
}

// findStuckIdeas returns the first limit ideas of a channel created at or
// before stuckBefore, ranked as experiments.StuckIdeas ranks them (ICE
// score, highest first, unscored last; then oldest; then by number), and
// how many there are. Both read the index experiments_ideas_digest alone.
func findStuckIdeas(ctx context.Context, tx *sql.Tx, team, channel string, stuckBefore int64, limit int) ([]experiments.Experiment, int, error) {
	var total int
	if err := tx.QueryRowContext(ctx, stuckIdeasCount, team, channel, stuckBefore).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := tx.QueryContext(ctx, stuckIdeasQuery, team, channel, stuckBefore, max(limit, 0))
	if err != nil {
		return nil, 0, err
	}
	list, err := scanBriefs(rows, func(s scanner) (experiments.Experiment, error) {
		e := experiments.Experiment{Team: team, Channel: channel, Status: experiments.StatusIdea}
		var created int64
		err := s.Scan(&e.ID, &e.Number, &created, &e.ICE.Impact, &e.ICE.Confidence, &e.ICE.Ease)
		e.CreatedAt = fromMillis(created)
		return e, err
	})
	return list, total, err
}

// scanBriefs reads every row with scan and closes rows.
func scanBriefs(rows *sql.Rows, scan func(scanner) (experiments.Experiment, error)) ([]experiments.Experiment, error) {
	defer rows.Close()
	var list []experiments.Experiment
	for rows.Next() {
		e, err := scan(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, e)
	}
	return list, rows.Err()
}

// FindExperimentsByID returns the experiments with the given storage
// identities, whole and with LastCheckInAt, in the order of ids; ids that
// do not exist are left out. The digest shows a few dozen at most.
func (db *DB) FindExperimentsByID(ctx context.Context, ids []int64) ([]experiments.Experiment, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var list []experiments.Experiment
	err := db.read(ctx, "find experiments by id", func(tx *sql.Tx) error {
		args := make([]any, len(ids))
		for i, id := range ids {
			args[i] = id
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+experimentColumns+` FROM experiments e
			WHERE e.id IN (`+placeholders(len(ids))+`)`, args...)
		if err != nil {
			return err
		}
		list, err = scanExperiments(rows)
		return err
	})
	return inIDOrder(list, ids), err
}

// inIDOrder returns list ordered as ids.
func inIDOrder(list []experiments.Experiment, ids []int64) []experiments.Experiment {
	byID := make(map[int64]experiments.Experiment, len(list))
	for _, e := range list {
		byID[e.ID] = e
	}
	out := make([]experiments.Experiment, 0, len(list))
	for _, id := range ids {
		if e, ok := byID[id]; ok {
			out = append(out, e)
		}
	}
	return out
}
