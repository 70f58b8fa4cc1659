package storage

import (
	"context"
	"database/sql"
	"errors"

	"github.com/aimlater/aimlater/experiments"
)

const goalColumns = `id, team, number, channel, title, metric, target_value, target_percent,
	deadline, author, closed, created_at`

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
			target_value, target_percent, deadline, author, closed, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			x.Team, x.Number, x.Channel, x.Title, x.Metric, x.Target.Value, x.Target.Percent,
			nullDate(x.Deadline), x.Author, x.Closed, toMillis(x.CreatedAt)).Scan(&x.ID)
		if err != nil {
			return err
		}
		return notifyInTx(ctx, tx, db.now(), notify, x)
	})
	if err == nil {
		*g = x
	}
	return err
}

// CloseGoal closes the team's goal G<number>, so it leaves the open goals of
// its channel; closing a closed goal changes nothing. notify, if not nil,
// runs in the transaction with the result.
func (db *DB) CloseGoal(ctx context.Context, team string, number int, notify func(experiments.Goal) []experiments.OutboxMessage) (experiments.Goal, error) {
	var g experiments.Goal
	err := db.write(ctx, "close goal", func(tx *sql.Tx) (err error) {
		if g, err = findGoal(ctx, tx, team, number); err != nil {
			return err
		}
		g.Closed = true
		if _, err := tx.ExecContext(ctx, `UPDATE goals SET closed = 1 WHERE id = ?`, g.ID); err != nil {
			return err
		}
		return notifyInTx(ctx, tx, db.now(), notify, g)
	})
	if err != nil {
		return experiments.Goal{}, err
	}
	return g, nil
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

func findOpenGoals(ctx context.Context, tx *sql.Tx, team, channel string) ([]experiments.Goal, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+goalColumns+` FROM goals
		WHERE team = ? AND channel = ? AND closed = 0 ORDER BY number`, team, channel)
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
		g        experiments.Goal
		deadline sql.NullString
		created  int64
	)
	err := s.Scan(&g.ID, &g.Team, &g.Number, &g.Channel, &g.Title, &g.Metric, &g.Target.Value,
		&g.Target.Percent, &deadline, &g.Author, &g.Closed, &created)
	if err != nil {
		return g, err
	}
	g.CreatedAt = fromMillis(created)
	g.Deadline, err = parseDate(deadline)
	return g, err
}
