package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

const goalColumns = `id, team, number, channel, title, metric, target_value, target_percent, target_at_most,
	deadline, author, closed, created_at, closed_by, closed_at, closed_note, reopened_by,
	reopened_at, edited_by, edited_at, start_value`

// CreateGoal stores a new goal and sets its ID, its Number (the team's next
// G number) and, when zero, its CreatedAt (now). notify, if not nil, runs in
// the transaction with the stored goal; g is changed only on success.
func (db *DB) CreateGoal(ctx context.Context, g *experiments.Goal, notify func(experiments.Goal) []experiments.OutboxMessage) error {
	x := *g
	if x.CreatedAt.IsZero() {
		x.CreatedAt = db.now()
	}
	x.CreatedAt, x.ID = normTime(x.CreatedAt), 0
	err := db.write(ctx, "create goal", func(tx *sql.Tx) (err error) {
		if x.Number, err = nextNumber(ctx, tx, x.Team, "goal"); err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO goals (team, number, channel, title, metric,
			target_value, target_percent, target_at_most, deadline, author, closed, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			x.Team, x.Number, x.Channel, x.Title, x.Metric, x.Target.Value, x.Target.Percent, x.Target.AtMost,
			nullDate(x.Deadline), x.Author, x.Closed, toMillis(x.CreatedAt)).Scan(&x.ID)
		if err != nil {
			return err
		}
		return notifyInTx(ctx, db, tx, db.now(), notify, x)
	})
	if err == nil {
		*g = x
	}
	return err
}

// CloseGoal closes the team's goal G<number> on behalf of actor, with an
// optional note, so it leaves the open goals of its channel (the digest's
// and the form's too) and takes no new experiment. Closing a closed goal is
// a conflict and changes nothing. notify, if not nil, runs in the
// transaction with the result.
func (db *DB) CloseGoal(ctx context.Context, team string, number int, actor, note string, notify func(experiments.Goal) []experiments.OutboxMessage) (experiments.Goal, error) {
	return db.changeGoal(ctx, "close goal", team, number, notify, func(g *experiments.Goal) error {
		if err := g.CanClose(); err != nil {
			return err
		}
		g.Closed, g.ClosedBy, g.ClosedAt, g.ClosedNote = true, actor, normTime(db.now()), note
		return nil
	})
}

// ReopenGoal reopens the team's closed goal G<number> on behalf of actor and
// forgets its closing. Reopening an open goal is a conflict and changes
// nothing. notify runs as for CloseGoal.
func (db *DB) ReopenGoal(ctx context.Context, team string, number int, actor string, notify func(experiments.Goal) []experiments.OutboxMessage) (experiments.Goal, error) {
	return db.changeGoal(ctx, "reopen goal", team, number, notify, func(g *experiments.Goal) error {
		if err := g.CanReopen(); err != nil {
			return err
		}
		g.Closed, g.ClosedBy, g.ClosedAt, g.ClosedNote = false, "", time.Time{}, ""
		g.ReopenedBy, g.ReopenedAt = actor, normTime(db.now())
		return nil
	})
}

// UpdateGoal changes the fields of the team's goal G<number> that upd sets,
// on behalf of actor, open or closed. notify runs as for CloseGoal.
func (db *DB) UpdateGoal(ctx context.Context, team string, number int, actor string, upd experiments.GoalUpdate, notify func(experiments.Goal) []experiments.OutboxMessage) (experiments.Goal, error) {
	return db.changeGoal(ctx, "update goal", team, number, notify, func(g *experiments.Goal) error {
		g.Edit(upd, actor, normTime(db.now()))
		return nil
	})
}

// changeGoal finds a goal, lets change check and change it, saves it and
// queues notify's messages, in one transaction.
func (db *DB) changeGoal(ctx context.Context, op, team string, number int, notify func(experiments.Goal) []experiments.OutboxMessage, change func(*experiments.Goal) error) (experiments.Goal, error) {
	var g experiments.Goal
	err := db.write(ctx, op, func(tx *sql.Tx) (err error) {
		if g, err = findGoal(ctx, tx, team, number); err != nil {
			return err
		}
		if err := change(&g); err != nil {
			return err
		}
		if err := saveGoal(ctx, tx, g); err != nil {
			return err
		}
		return notifyInTx(ctx, db, tx, db.now(), notify, g)
	})
	if err != nil {
		return experiments.Goal{}, err
	}
	return g, nil
}

func saveGoal(ctx context.Context, tx *sql.Tx, g experiments.Goal) error {
	_, err := tx.ExecContext(ctx, `UPDATE goals SET title = ?, metric = ?, target_value = ?,
		target_percent = ?, target_at_most = ?, deadline = ?, closed = ?, closed_by = ?, closed_at = ?, closed_note = ?,
		reopened_by = ?, reopened_at = ?, edited_by = ?, edited_at = ?, start_value = ? WHERE id = ?`,
		g.Title, g.Metric, g.Target.Value, g.Target.Percent, g.Target.AtMost, nullDate(g.Deadline), g.Closed,
		g.ClosedBy, nullMillis(g.ClosedAt), g.ClosedNote, g.ReopenedBy, nullMillis(g.ReopenedAt),
		g.EditedBy, nullMillis(g.EditedAt), nullStart(g), g.ID)
	return err
}

// nullStart is g's explicit start as a column: NULL when it has none.
func nullStart(g experiments.Goal) any {
	if !g.HasStart {
		return nil
	}
	return g.Start
}

// FindGoal returns the team's goal G<number>.
func (db *DB) FindGoal(ctx context.Context, team string, number int) (experiments.Goal, error) {
	var g experiments.Goal
	err := db.read(ctx, "find goal", func(tx *sql.Tx) (err error) {
		g, err = findGoal(ctx, tx, team, number)
		return err
	})
	return g, err
}

// FindGoalByID returns the goal with the storage identity id.
func (db *DB) FindGoalByID(ctx context.Context, id int64) (experiments.Goal, error) {
	var g experiments.Goal
	err := db.read(ctx, "find goal by id", func(tx *sql.Tx) (err error) {
		g, err = findGoalByID(ctx, tx, id)
		return err
	})
	return g, err
}

func findGoal(ctx context.Context, tx *sql.Tx, team string, number int) (experiments.Goal, error) {
	row := tx.QueryRowContext(ctx, `SELECT `+goalColumns+` FROM goals WHERE team = ? AND number = ?`, team, number)
	g, err := scanGoal(row)
	if errors.Is(err, sql.ErrNoRows) {
		return g, experiments.Errorf(experiments.ENOTFOUND, "No goal G%d.", number)
	}
	return g, err
}

func findGoalByID(ctx context.Context, tx *sql.Tx, id int64) (experiments.Goal, error) {
	row := tx.QueryRowContext(ctx, `SELECT `+goalColumns+` FROM goals WHERE id = ?`, id)
	g, err := scanGoal(row)
	if errors.Is(err, sql.ErrNoRows) {
		return g, experiments.Errorf(experiments.ENOTFOUND, "No such goal.")
	}
	return g, err
}

// ListGoals returns the open goals of a channel, ordered by number.
func (db *DB) ListGoals(ctx context.Context, team, channel string) ([]experiments.Goal, error) {
	var list []experiments.Goal
	err := db.read(ctx, "list goals", func(tx *sql.Tx) (err error) {
		list, err = findOpenGoals(ctx, tx, team, channel)
		return err
	})
	return list, err
}

// ListClosedGoals returns the closed goals of a channel, the latest closed
// first, at most limit of them (all when limit is 0), and how many there are
// in all.
func (db *DB) ListClosedGoals(ctx context.Context, team, channel string, limit int) ([]experiments.Goal, int, error) {
	var (
		list  []experiments.Goal
		total int
	)
	err := db.read(ctx, "list closed goals", func(tx *sql.Tx) (err error) {
		const where = ` FROM goals WHERE team = ? AND channel = ? AND closed = 1`
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*)`+where, team, channel).Scan(&total); err != nil {
			return err
		}
		list, err = queryGoals(ctx, tx, `SELECT `+goalColumns+where+` ORDER BY closed_at DESC, number DESC LIMIT ?`,
			team, channel, noLimit(limit))
		return err
	})
	return list, total, err
}

// noLimit turns 0 into SQLite's "no limit".
func noLimit(limit int) int {
	if limit <= 0 {
		return -1
	}
	return limit
}

func findOpenGoals(ctx context.Context, tx *sql.Tx, team, channel string) ([]experiments.Goal, error) {
	return queryGoals(ctx, tx, `SELECT `+goalColumns+` FROM goals
		WHERE team = ? AND channel = ? AND closed = 0 ORDER BY number`, team, channel)
}

// findGoalsOpenAt returns the goals of a channel open now or closed after
// asOf, which were still open then; goalsAsOf in the domain drops those
// set after it.
func findGoalsOpenAt(ctx context.Context, tx *sql.Tx, team, channel string, asOf time.Time) ([]experiments.Goal, error) {
	return queryGoals(ctx, tx, `SELECT `+goalColumns+` FROM goals
		WHERE team = ? AND channel = ? AND (closed = 0 OR closed_at > ?) ORDER BY number`, team, channel, toMillis(asOf))
}

func queryGoals(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]experiments.Goal, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []experiments.Goal
	for rows.Next() {
		g, err := scanGoal(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, g)
	}
	return list, rows.Err()
}

func scanGoal(s scanner) (experiments.Goal, error) {
	var (
		g                        experiments.Goal
		deadline                 sql.NullString
		created                  int64
		closed, reopened, edited sql.NullInt64
		start                    sql.NullFloat64
	)
	err := s.Scan(&g.ID, &g.Team, &g.Number, &g.Channel, &g.Title, &g.Metric, &g.Target.Value,
		&g.Target.Percent, &g.Target.AtMost, &deadline, &g.Author, &g.Closed, &created, &g.ClosedBy, &closed,
		&g.ClosedNote, &g.ReopenedBy, &reopened, &g.EditedBy, &edited, &start)
	if err != nil {
		return g, err
	}
	g.Start, g.HasStart = start.Float64, start.Valid
	g.CreatedAt = fromMillis(created)
	g.ClosedAt, g.ReopenedAt, g.EditedAt = fromNullMillis(closed), fromNullMillis(reopened), fromNullMillis(edited)
	g.Deadline, err = parseDate(deadline)
	return g, err
}
