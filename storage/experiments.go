package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// experimentColumns reads an experiment (aliased e) and the time of its
// latest check-in, which its own row holds (migration 0019).
const experimentColumns = `e.id, e.team, e.number, e.channel, e.owner, e.title, e.hypothesis,
	e.metric, e.target_value, e.target_percent, e.target_at_most, e.deadline, e.goal_id, e.ice_i, e.ice_c, e.ice_e,
	e.status, e.decision, e.learning, e.parent_id, e.created_at, e.launched_at, e.decided_at,
	e.launched_by, e.decided_by, e.edited_by, e.edited_at, e.lever,
	e.last_at`

// CreateExperiment stores a new idea or running experiment and sets its ID,
// its Number (the team's next) and, when zero, its CreatedAt (now) and, for a
// running one, its LaunchedAt (CreatedAt). notify, if not nil, is called in
// the transaction with the stored experiment; the messages it returns are
// queued in the same transaction. e is changed only on success.
func (db *DB) CreateExperiment(ctx context.Context, e *experiments.Experiment, notify func(experiments.Experiment) []experiments.OutboxMessage) error {
	x, err := db.newExperiment(*e)
	if err != nil {
		return wrap("create experiment", err)
	}
	err = db.write(ctx, "create experiment", func(tx *sql.Tx) error {
		if err := checkGoal(ctx, tx, x.Team, x.GoalID); err != nil {
			return err
		}
		if err := insertExperiment(ctx, tx, &x); err != nil {
			return err
		}
		return notifyInTx(ctx, db, tx, db.now(), notify, x)
	})
	if err == nil {
		*e = x
	}
	return err
}

// newExperiment fills the defaults of a new experiment and refuses states a
// new one cannot have.
func (db *DB) newExperiment(e experiments.Experiment) (experiments.Experiment, error) {
	if e.Status == "" {
		e.Status = experiments.StatusIdea
	}
	if e.Status != experiments.StatusIdea && e.Status != experiments.StatusRunning {
		return e, fmt.Errorf("a new experiment must be an idea or running, not %q", e.Status)
	}
	if e.CreatedAt.IsZero() {
		e.CreatedAt = db.now()
	}
	if e.Status == experiments.StatusRunning && e.LaunchedAt.IsZero() {
		e.LaunchedAt = e.CreatedAt
	}
	// Who creates a running experiment launches it, and owns it.
	if e.Status == experiments.StatusRunning && e.LaunchedBy == "" {
		e.LaunchedBy = e.Owner
	}
	e.CreatedAt, e.LaunchedAt = normTime(e.CreatedAt), normTime(e.LaunchedAt)
	e.ID, e.Number, e.LastCheckInAt = 0, 0, time.Time{} // storage assigns them; no check-in yet
	return e, nil
}

// insertExperiment gives e the team's next number and inserts it.
func insertExperiment(ctx context.Context, tx *sql.Tx, e *experiments.Experiment) error {
	n, err := nextNumber(ctx, tx, e.Team, "experiment")
	if err != nil {
		return err
	}
	e.Number = n
	err = tx.QueryRowContext(ctx, `INSERT INTO experiments (team, number, channel, owner, title,
		hypothesis, metric, target_value, target_percent, target_at_most, deadline, goal_id, ice_i, ice_c, ice_e,
		status, decision, learning, parent_id, created_at, launched_at, decided_at,
		launched_by, decided_by, edited_by, edited_at, lever)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		e.Team, e.Number, e.Channel, e.Owner, e.Title,
		e.Hypothesis, e.Metric, e.Target.Value, e.Target.Percent, e.Target.AtMost, nullDate(e.Deadline), nullID(e.GoalID),
		e.ICE.Impact, e.ICE.Confidence, e.ICE.Ease,
		string(e.Status), string(e.Decision), e.Learning, nullID(e.ParentID),
		toMillis(e.CreatedAt), nullMillis(e.LaunchedAt), nullMillis(e.DecidedAt),
		e.LaunchedBy, e.DecidedBy, e.EditedBy, nullMillis(e.EditedAt), e.Lever,
	).Scan(&e.ID)
	return err
}

// nextNumber advances and returns the team's counter of kind. Because it
// runs in the creating transaction, which holds the write lock from BEGIN
// IMMEDIATE, concurrent creators queue, and a rollback returns the number.
func nextNumber(ctx context.Context, tx *sql.Tx, team, kind string) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `INSERT INTO numbers (team, kind, last) VALUES (?, ?, 1)
		ON CONFLICT (team, kind) DO UPDATE SET last = last + 1 RETURNING last`, team, kind).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("next %s number: %w", kind, err)
	}
	return n, nil
}

// FindExperiment returns the team's experiment #number.
func (db *DB) FindExperiment(ctx context.Context, team string, number int) (experiments.Experiment, error) {
	var e experiments.Experiment
	err := db.readOne(ctx, "find experiment", func(q rowQuerier) (err error) {
		e, err = findExperiment(ctx, q, team, number)
		return err
	})
	return e, err
}

// FindExperimentByID returns the experiment with the storage identity id.
func (db *DB) FindExperimentByID(ctx context.Context, id int64) (experiments.Experiment, error) {
	var e experiments.Experiment
	err := db.readOne(ctx, "find experiment by id", func(q rowQuerier) (err error) {
		e, err = findExperimentByID(ctx, q, id)
		return err
	})
	return e, err
}

func findExperiment(ctx context.Context, tx rowQuerier, team string, number int) (experiments.Experiment, error) {
	row := tx.QueryRowContext(ctx, `SELECT `+experimentColumns+` FROM experiments e
		WHERE e.team = ? AND e.number = ?`, team, number)
	e, err := scanExperiment(row)
	if errors.Is(err, sql.ErrNoRows) {
		return e, experiments.Errorf(experiments.ENOTFOUND, "No experiment #%d.", number)
	}
	return e, err
}

func findExperimentByID(ctx context.Context, tx rowQuerier, id int64) (experiments.Experiment, error) {
	row := tx.QueryRowContext(ctx, `SELECT `+experimentColumns+` FROM experiments e WHERE e.id = ?`, id)
	e, err := scanExperiment(row)
	if errors.Is(err, sql.ErrNoRows) {
		return e, experiments.Errorf(experiments.ENOTFOUND, "No such experiment.")
	}
	return e, err
}

// ListExperiments returns the experiments that match f, ordered by team and
// number, with LastCheckInAt filled in, and how many match in all (ignoring
// Limit and Offset).
func (db *DB) ListExperiments(ctx context.Context, f experiments.ExperimentFilter) ([]experiments.Experiment, int, error) {
	var (
		list  []experiments.Experiment
		total int
	)
	err := db.read(ctx, "list experiments", func(tx *sql.Tx) (err error) {
		list, total, err = findExperiments(ctx, tx, f)
		return err
	})
	return list, total, err
}

func findExperiments(ctx context.Context, tx *sql.Tx, f experiments.ExperimentFilter) ([]experiments.Experiment, int, error) {
	where, args := experimentWhere(f)
	var total int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM experiments e`+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	limit := -1 // SQLite's "no limit"
	if f.Limit > 0 {
		limit = f.Limit
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+experimentColumns+` FROM experiments e`+where+
		` ORDER BY e.team, e.number LIMIT ? OFFSET ?`, append(args, limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, err
	}
	list, err := scanExperiments(rows)
	return list, total, err
}

// experimentWhere returns the WHERE clause of f (with a leading space) and
// its arguments.
func experimentWhere(f experiments.ExperimentFilter) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, v any) { conds, args = append(conds, cond), append(args, v) }
	if f.Team != nil {
		add("e.team = ?", *f.Team)
	}
	if f.Channel != nil {
		add("e.channel = ?", *f.Channel)
	}
	if f.Owner != nil {
		add("e.owner = ?", *f.Owner)
	}
	if f.ParentID != nil {
		add("e.parent_id = ?", *f.ParentID)
	}
	if len(f.Statuses) > 0 {
		conds = append(conds, "e.status IN ("+placeholders(len(f.Statuses))+")")
		for _, s := range f.Statuses {
			args = append(args, string(s))
		}
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// UpdateExperiment changes the fields of the team's experiment #number that
// upd sets and returns the result. notify, if not nil, runs in the
// transaction as for CreateExperiment.
func (db *DB) UpdateExperiment(ctx context.Context, team string, number int, upd experiments.ExperimentUpdate, notify func(experiments.Experiment) []experiments.OutboxMessage) (experiments.Experiment, error) {
	return db.changeExperiment(ctx, "update experiment", team, number, notify, func(tx *sql.Tx, e *experiments.Experiment) error {
		if upd.GoalID != nil {
			if err := checkGoal(ctx, tx, team, *upd.GoalID); err != nil {
				return err
			}
		}
		e.Edit(upd, db.now())
		return nil
	})
}

// saveExperiment writes every mutable field of e, found by its ID.
func saveExperiment(ctx context.Context, tx *sql.Tx, e experiments.Experiment) error {
	_, err := tx.ExecContext(ctx, `UPDATE experiments SET title = ?, hypothesis = ?, metric = ?,
		target_value = ?, target_percent = ?, target_at_most = ?, deadline = ?, goal_id = ?, ice_i = ?, ice_c = ?, ice_e = ?,
		status = ?, decision = ?, learning = ?, launched_at = ?, decided_at = ?,
		launched_by = ?, decided_by = ?, edited_by = ?, edited_at = ?, lever = ? WHERE id = ?`,
		e.Title, e.Hypothesis, e.Metric, e.Target.Value, e.Target.Percent, e.Target.AtMost, nullDate(e.Deadline),
		nullID(e.GoalID), e.ICE.Impact, e.ICE.Confidence, e.ICE.Ease,
		string(e.Status), string(e.Decision), e.Learning, nullMillis(e.LaunchedAt), nullMillis(e.DecidedAt),
		e.LaunchedBy, e.DecidedBy, e.EditedBy, nullMillis(e.EditedAt), e.Lever, e.ID)
	return err
}

// checkGoal reports ENOTFOUND unless id is 0 (no goal) or one of team's goals.
func checkGoal(ctx context.Context, tx *sql.Tx, team string, id int64) error {
	if id == 0 {
		return nil
	}
	g, err := findGoalByID(ctx, tx, id)
	if err != nil {
		return err
	}
	if g.Team != team {
		return experiments.Errorf(experiments.ENOTFOUND, "No such goal.")
	}
	return nil
}

func scanExperiments(rows *sql.Rows) ([]experiments.Experiment, error) {
	defer rows.Close()
	var list []experiments.Experiment
	for rows.Next() {
		e, err := scanExperiment(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, e)
	}
	return list, rows.Err()
}

func scanExperiment(s scanner) (experiments.Experiment, error) {
	var (
		e                                experiments.Experiment
		status, decision                 string
		deadline                         sql.NullString
		goalID, parentID                 sql.NullInt64
		created                          int64
		launched, decided, lastCheckInAt sql.NullInt64
		edited                           sql.NullInt64
	)
	err := s.Scan(&e.ID, &e.Team, &e.Number, &e.Channel, &e.Owner, &e.Title, &e.Hypothesis,
		&e.Metric, &e.Target.Value, &e.Target.Percent, &e.Target.AtMost, &deadline, &goalID, &e.ICE.Impact, &e.ICE.Confidence, &e.ICE.Ease,
		&status, &decision, &e.Learning, &parentID, &created, &launched, &decided,
		&e.LaunchedBy, &e.DecidedBy, &e.EditedBy, &edited, &e.Lever, &lastCheckInAt)
	if err != nil {
		return e, err
	}
	e.Status, e.Decision = experiments.Status(status), experiments.Decision(decision)
	e.GoalID, e.ParentID = goalID.Int64, parentID.Int64
	e.CreatedAt, e.LaunchedAt, e.DecidedAt = fromMillis(created), fromNullMillis(launched), fromNullMillis(decided)
	e.LastCheckInAt, e.EditedAt = fromNullMillis(lastCheckInAt), fromNullMillis(edited)
	e.Deadline, err = parseDate(deadline)
	return e, err
}
