package storage

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// The digest of a channel is read through the covering indexes of migration
// 0002, so its cost grows with the channel's open work and its recent
// weeks, never with its whole history: at 50,000 experiments and 500,000
// check-ins it reads a few thousand index entries and a few dozen rows.

// LoadDigest returns what the digest of a channel is computed from, in one
// snapshot: week turns the channel's settings into the week the digest
// reviews (its zone is a setting), and everything is read as of that
// week's AsOf. Its Facts are those of LoadFacts with these differences:
//   - the running experiments are those running at AsOf: launched by then
//     and not decided by then (so one decided later is running), each with
//     its last check-in by then; they carry only the fields the digest's
//     rules read (ID, Number, Status, LaunchedAt, Deadline, GoalID, Metric,
//     Target and LastCheckInAt), no title, owner or text;
//     FindExperimentsByID fills in the few that are shown;
//   - Ideas holds only the first limit ideas stuck in planning at AsOf
//     (still ideas then, even if launched since), in the order of
//     experiments.StuckIdeas and likewise brief, and StuckIdeas counts them
//     all;
//   - NextIdeas holds the best idea of each goal, and of none, among the
//     ideas at AsOf, brief (see findNextIdeas), and Progress the first
//     value and latest check-in by then of the running experiments;
//   - launches and decisions are those from experiments.LookBackStart to
//     AsOf;
//   - Records holds each goal's record by AsOf (see LoadPlan), without
//     the latest decisions.
//
// The week's shipped and decided experiments come whole, at most limit of
// each, with their totals. A channel with no experiment gets HasExperiments
// false and nothing else.
func (db *DB) LoadDigest(ctx context.Context, team, channel string, week func(experiments.ChannelSettings) experiments.ReviewWeek, limit int) (experiments.DigestFacts, error) {
	var d experiments.DigestFacts
	err := db.readBulk(ctx, "load digest", func(tx *sql.Tx) (err error) {
		if d.HasExperiments, err = hasExperiments(ctx, tx, team, channel); err != nil || !d.HasExperiments {
			return err
		}
		if d.Settings, err = findChannelSettings(ctx, tx, team, channel); err != nil {
			return err
		}
		w := week(d.Settings)
		if d.Facts, err = findDigestFacts(ctx, tx, team, channel, d.Settings, w); err != nil {
			return err
		}
		if d.Ideas, d.StuckIdeas, err = findStuckIdeas(ctx, tx, team, channel, experiments.StuckBefore(d.Settings, w), w.AsOf, limit); err != nil {
			return err
		}
		if d.NextIdeas, err = findNextIdeas(ctx, tx, team, channel, w.AsOf); err != nil {
			return err
		}
		if d.Records, err = findGoalRecords(ctx, tx, d.Goals, d.Running, w.AsOf, 0); err != nil {
			return err
		}
		d.Week, err = findWeekActivity(ctx, tx, team, channel, w, limit)
		return err
	})
	return d, err
}

// The digest's queries of state as of an instant, named so that
// TestDigestQueryPlans can check the index each one uses.
const (
	hasExperimentsQuery = `SELECT EXISTS (SELECT 1 FROM experiments WHERE team = ? AND channel = ?)`
	// The literal status matches the partial index experiments_running_digest,
	// which holds every column read and gives the number order (the unary +
	// keeps the planner off the launches' index, which holds no status). A
	// packed read (see packedRows, runningRecord). Arguments: asOf three
	// times (see runningRecord), team, channel, asOf (launches).
	runningBriefQuery = `SELECT count(*), group_concat(` + runningRecord + `, ';') FROM experiments e
		WHERE e.team = ? AND e.channel = ? AND e.status = 'running' AND +e.launched_at <= ?`
	// The experiments decided after asOf that were running at it, found
	// through the decisions' index: only the decisions since asOf are read,
	// none for a digest as of now. The unary + keeps the planner off the
	// launches' index, which would read the whole history before asOf.
	// Same arguments, then asOf (decisions).
	runningThenQuery = `SELECT count(*), group_concat(` + runningRecord + `, ';') FROM experiments e
		WHERE e.team = ? AND e.channel = ? AND +e.launched_at <= ? AND e.decided_at > ?`
	// runningRecord is a running experiment's brief fields, as a packed
	// record: id, number, the deadline ('' for none), launched_at, goal_id
	// (0 for none), the metric in hex (user text may hold a separator), the
	// target's value (quote renders a REAL so that it reads back exactly)
	// and its kind (targetKind); then its Progress as of asOf,
	// latestCheckIn and firstValue. Arguments: asOf twice (latest), asOf
	// (first value).
	runningRecord = `concat_ws(',', e.id, e.number, ifnull(e.deadline, ''), e.launched_at, ifnull(e.goal_id, 0), hex(e.metric),
		quote(e.target_value), e.target_percent + 2 * e.target_at_most, ifnull(` + latestCheckIn + `, ',NULL'), ifnull(` + firstValue + `, 'NULL'))`
	// latestCheckIn is e's latest check-in by a time as two fields: its time
	// and mark packed as at × 2 + on_track, and its value, only when there
	// is a target to compare it with (DecideCue); NULL when there is none.
	// The experiment's own columns hold its latest check-in (migration
	// 0019), which is the latest by the time unless it came later (one
	// logged since the reviewed week ended, on the Monday before its
	// digest; any, for a week long past): then one search of the
	// check-ins' index, which holds every column it reads.
	latestCheckIn = `CASE WHEN e.last_at IS NULL THEN NULL
		WHEN e.last_at <= ? THEN concat_ws(',', e.last_at * 2 + e.last_on_track, ` + lastValue + `)
		ELSE (SELECT concat_ws(',', c.at * 2 + c.on_track, CASE WHEN e.target_value <> 0 THEN quote(c.value) ELSE 'NULL' END)
			FROM check_ins c WHERE c.experiment_id = e.id AND c.at <= ? ORDER BY c.at DESC, c.id DESC LIMIT 1) END`
	lastValue = `CASE WHEN e.target_value <> 0 THEN quote(e.last_value) ELSE 'NULL' END`
	// firstValue is, for a relative or an "at least" target, e's first
	// value by a time, which DecideCue reads (the baseline of a relative
	// target; for "at least", whether it started past): the experiment's
	// first value (migration 0019) if it came by then, else none did.
	firstValue      = `CASE WHEN NOT e.target_at_most AND e.target_value <> 0 AND e.first_value_at <= ? THEN quote(e.first_value) END`
	stuckIdeasWhere = ` FROM experiments WHERE team = ? AND channel = ? AND status = 'idea' AND created_at < ?`
	stuckIdeasCount = `SELECT COUNT(*)` + stuckIdeasWhere
	// The ranking of experiments.StuckIdeas; SQLite keeps the top LIMIT as
	// it scans, without sorting them all.
	stuckIdeasQuery = `SELECT id, number, created_at, ice_i, ice_c, ice_e` + stuckIdeasWhere +
		` ORDER BY ice_i + ice_c + ice_e DESC, created_at, number LIMIT ?`
	// The ideas launched after asOf that were stuck at it, through the
	// launches' index: none for a digest as of now. Arguments: team,
	// channel, asOf, stuck before.
	stuckThenQuery = `SELECT id, number, created_at, ice_i, ice_c, ice_e FROM experiments
		WHERE team = ? AND channel = ? AND launched_at > ? AND created_at < ?`
)

// hasExperiments reports whether the channel has any experiment.
func hasExperiments(ctx context.Context, tx *sql.Tx, team, channel string) (bool, error) {
	var ok bool
	err := tx.QueryRowContext(ctx, hasExperimentsQuery, team, channel).Scan(&ok)
	return ok, err
}

// findDigestFacts reads the facts of the digest's metrics as of w.AsOf
// but the ideas, see LoadDigest.
func findDigestFacts(ctx context.Context, tx *sql.Tx, team, channel string, s experiments.ChannelSettings, w experiments.ReviewWeek) (f experiments.Facts, err error) {
	f.Settings = s
	span := []any{team, channel, toMillis(experiments.LookBackStart(w)), toMillis(w.AsOf)}
	if f.Running, f.Progress, err = findRunningBrief(ctx, tx, team, channel, w.AsOf); err != nil {
		return f, err
	}
	if f.Goals, err = findGoalsOpenAt(ctx, tx, team, channel, w.AsOf); err != nil {
		return f, err
	}
	if f.Launches, err = findLaunches(ctx, tx, span); err != nil {
		return f, err
	}
	f.Decisions, err = findDecisions(ctx, tx, span)
	return f, err
}

// findRunningBrief reads the experiments of a channel running at asOf,
// brief, ordered by number, and their Progress by ID (those with a
// check-in): those running now and launched by then from indexes alone,
// and those decided since. Both are packed reads, which count their
// records first, so that one slice and one map of the right size hold
// them all: an Experiment is some 400 bytes, and growing a slice of
// thousands by appending copied each several times.
func findRunningBrief(ctx context.Context, tx *sql.Tx, team, channel string, asOf time.Time) ([]experiments.Experiment, map[int64]experiments.Progress, error) {
	at := toMillis(asOf)
	nThen, then, err := queryPacked(ctx, tx, runningThenQuery, at, at, at, team, channel, at, at)
	if err != nil {
		return nil, nil, err
	}
	nNow, now, err := queryPacked(ctx, tx, runningBriefQuery, at, at, at, team, channel, at)
	if err != nil {
		return nil, nil, err
	}
	r := runningReader{team: team, channel: channel, progress: make(map[int64]experiments.Progress, nNow+nThen), metrics: map[string]string{}, dates: dates{}}
	thenList, err := r.read(then, nThen, nil)
	if err != nil {
		return nil, nil, err
	}
	list, err := r.read(now, nNow, make([]experiments.Experiment, 0, nNow+nThen))
	if err != nil || len(thenList) == 0 {
		return list, r.progress, err
	}
	return mergeByNumber(list, thenList), r.progress, nil
}

// mergeByNumber merges b into a, both ordered by number, in place from the
// back, using a's spare capacity when it has enough: each experiment is
// copied once.
func mergeByNumber(a, b []experiments.Experiment) []experiments.Experiment {
	i, j := len(a)-1, len(b)-1
	a = slices.Grow(a, len(b))[:len(a)+len(b)]
	for k := len(a) - 1; j >= 0; k-- {
		if i >= 0 && a[i].Number > b[j].Number {
			a[k], i = a[i], i-1
		} else {
			a[k], j = b[j], j-1
		}
	}
	return a
}

// runningReader reads the records of runningBriefQuery or
// runningThenQuery into experiments, and their Progress.
type runningReader struct {
	team, channel string
	progress      map[int64]experiments.Progress
	metrics       map[string]string // see packedRows.cachedText
	dates         dates
}

// read appends the n records of rows to list, in number order, each read
// in place, and their Progress to r.progress when they have a check-in.
func (r *runningReader) read(rows *packedRows, n int, list []experiments.Experiment) ([]experiments.Experiment, error) {
	for rows.next() {
		list = append(list, experiments.Experiment{Team: r.team, Channel: r.channel, Status: experiments.StatusRunning})
		if err := r.record(rows, &list[len(list)-1]); err != nil {
			return nil, err
		}
	}
	if err := rows.done(n); err != nil {
		return nil, err
	}
	inOrder(list, byNumber)
	return list, nil
}

// record reads one record of runningRecord into e, and its Progress when
// it has a check-in.
func (r *runningReader) record(rows *packedRows, e *experiments.Experiment) (err error) {
	e.ID, e.Number = rows.int(), int(rows.int())
	if e.Deadline, err = r.dates.parse(rows.field()); err != nil {
		return err
	}
	launched, goal := rows.int(), rows.int()
	e.LaunchedAt, e.GoalID = fromMillis(launched), goal
	e.Metric = rows.cachedText(r.metrics)
	e.Target.Value, _ = rows.float()
	e.Target.Percent, e.Target.AtMost = targetKind(rows.int())
	latest, checkedIn := rows.nullInt()
	last, hasLast := rows.float()
	first, hasFirst := rows.float()
	if checkedIn {
		// latestCheckIn packs the time and the mark: at × 2 + on_track.
		e.LastCheckInAt = fromMillis(latest >> 1)
		p := experiments.Progress{OnTrack: latest&1 == 1, HasValue: hasLast, Value: last}
		if hasFirst && hasLast { // a baseline serves only a latest value
			p.HasFirst, p.First = true, first
		}
		r.progress[e.ID] = p
	}
	return nil
}

// queryBriefs runs query and appends every row, read with scan, to list.
func queryBriefs(ctx context.Context, tx *sql.Tx, query string, scan func(scanner) (experiments.Experiment, error), list []experiments.Experiment, args ...any) ([]experiments.Experiment, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return scanBriefs(rows, scan, list)
}

// findStuckIdeas returns the first limit ideas of a channel stuck at asOf
// (created before stuckBefore, and not launched by asOf), ranked as
// experiments.StuckIdeas ranks them (ICE score, highest first, unscored
// last; then oldest; then by number), and how many there are. The ideas of
// today read the index experiments_ideas_digest alone; those launched
// since asOf come from the launches' index and are merged in.
func findStuckIdeas(ctx context.Context, tx *sql.Tx, team, channel string, stuckBefore, asOf time.Time, limit int) ([]experiments.Experiment, int, error) {
	var total int
	before := toMillis(stuckBefore)
	if err := tx.QueryRowContext(ctx, stuckIdeasCount, team, channel, before).Scan(&total); err != nil {
		return nil, 0, err
	}
	list, err := queryBriefs(ctx, tx, stuckIdeasQuery, scanIdeaBrief(team, channel), nil, team, channel, before, max(limit, 0))
	if err != nil {
		return nil, 0, err
	}
	then, err := queryBriefs(ctx, tx, stuckThenQuery, scanIdeaBrief(team, channel), nil, team, channel, toMillis(asOf), before)
	if err != nil || len(then) == 0 {
		return list, total, err
	}
	ranked := append(list, then...)
	experiments.RankIdeas(ranked)
	return ranked[:min(len(ranked), max(limit, 0))], total + len(then), nil
}

// scanIdeaBrief reads a row of stuckIdeasQuery or stuckThenQuery as an
// idea.
func scanIdeaBrief(team, channel string) func(scanner) (experiments.Experiment, error) {
	return func(s scanner) (experiments.Experiment, error) {
		e := experiments.Experiment{Team: team, Channel: channel, Status: experiments.StatusIdea}
		var created int64
		err := s.Scan(&e.ID, &e.Number, &created, &e.ICE.Impact, &e.ICE.Confidence, &e.ICE.Ease)
		e.CreatedAt = fromMillis(created)
		return e, err
	}
}

// scanBriefs appends every row, read with scan, to list and closes rows.
func scanBriefs(rows *sql.Rows, scan func(scanner) (experiments.Experiment, error), list []experiments.Experiment) ([]experiments.Experiment, error) {
	defer rows.Close()
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
