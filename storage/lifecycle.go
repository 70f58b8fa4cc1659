package storage

import (
	"context"
	"database/sql"

	"github.com/aimlater/aimlater/experiments"
)

// The lifecycle methods read the experiment, let the domain decide whether
// the step is allowed (Launch, Decide, Iterate, CanCheckIn), and write the
// result, all in one transaction: two people deciding #4 at once cannot both
// win, and a refused step writes nothing.

// LaunchExperiment turns the team's idea #number into a running experiment
// as p says (see experiments.Experiment.Launch), launched now by p.By: the
// store's clock, not p.At, dates it. notify, if not nil, runs in the
// transaction with the result.
func (db *DB) LaunchExperiment(ctx context.Context, team string, number int, p experiments.LaunchPlan, notify func(experiments.Experiment) []experiments.OutboxMessage) (experiments.Experiment, error) {
	return db.changeExperiment(ctx, "launch experiment", team, number, notify, func(_ *sql.Tx, e *experiments.Experiment) error {
		p.At = db.now()
		return e.Launch(p)
	})
}

// DecideExperiment records keep or kill, with what was learnt, decided by
// the user by, on the team's running experiment #number. Iterate goes
// through IterateExperiment.
func (db *DB) DecideExperiment(ctx context.Context, team string, number int, d experiments.Decision, learning, by string, notify func(experiments.Experiment) []experiments.OutboxMessage) (experiments.Experiment, error) {
	return db.changeExperiment(ctx, "decide experiment", team, number, notify, func(_ *sql.Tx, e *experiments.Experiment) error {
		return e.Decide(d, learning, by, db.now())
	})
}

// LearnExperiment sets or replaces the learning of the team's decided
// experiment #number, written by the user by.
func (db *DB) LearnExperiment(ctx context.Context, team string, number int, learning, by string, notify func(experiments.Experiment) []experiments.OutboxMessage) (experiments.Experiment, error) {
	return db.changeExperiment(ctx, "learn experiment", team, number, notify, func(_ *sql.Tx, e *experiments.Experiment) error {
		return e.Learn(learning, by, db.now())
	})
}

// changeExperiment finds the experiment, applies change to it (in the
// transaction, for changes that must check other rows) and saves it, then
// queues what notify returns.
func (db *DB) changeExperiment(ctx context.Context, op, team string, number int, notify func(experiments.Experiment) []experiments.OutboxMessage, change func(*sql.Tx, *experiments.Experiment) error) (experiments.Experiment, error) {
	var e experiments.Experiment
	err := db.write(ctx, op, func(tx *sql.Tx) (err error) {
		if e, err = findExperiment(ctx, tx, team, number); err != nil {
			return err
		}
		if err := change(tx, &e); err != nil {
			return err
		}
		if err := saveExperiment(ctx, tx, e); err != nil {
			return err
		}
		return notifyInTx(ctx, db, tx, db.now(), notify, e)
	})
	if err != nil {
		return experiments.Experiment{}, err
	}
	return e, nil
}

// IterateExperiment decides the team's running experiment #number with
// iterate and creates its follow-up, numbered in the same transaction: the
// follow-up exists if and only if the decision does. change becomes the
// follow-up's hypothesis; deadline is its deadline (zero for none); by
// decides and launches. notify, if not nil, runs in the transaction with
// both.
func (db *DB) IterateExperiment(ctx context.Context, team string, number int, learning, change, by string, deadline experiments.Date, notify func(decided, followUp experiments.Experiment) []experiments.OutboxMessage) (decided, followUp experiments.Experiment, err error) {
	err = db.write(ctx, "iterate experiment", func(tx *sql.Tx) (err error) {
		if decided, err = findExperiment(ctx, tx, team, number); err != nil {
			return err
		}
		if followUp, err = decided.Iterate(learning, change, by, db.now(), deadline); err != nil {
			return err
		}
		if err := saveExperiment(ctx, tx, decided); err != nil {
			return err
		}
		if err := insertExperiment(ctx, tx, &followUp); err != nil {
			return err
		}
		if notify == nil {
			return nil
		}
		return db.insertMessages(ctx, tx, db.now(), notify(decided, followUp))
	})
	if err != nil {
		return experiments.Experiment{}, experiments.Experiment{}, err
	}
	return decided, followUp, nil
}

// UndoDecision takes back the decision on the team's experiment #number,
// asked by the user by (see experiments.Experiment.Undo): it runs again, and
// the follow-up an iterate started is deleted, in one transaction. notify,
// if not nil, runs in it with the experiment as it was decided and the
// removed follow-up (nil for none).
func (db *DB) UndoDecision(ctx context.Context, team string, number int, by string, notify func(decided experiments.Experiment, removed *experiments.Experiment) []experiments.OutboxMessage) (experiments.Experiment, error) {
	var e experiments.Experiment
	err := db.write(ctx, "undo decision", func(tx *sql.Tx) (err error) {
		if e, err = findExperiment(ctx, tx, team, number); err != nil {
			return err
		}
		followUp, err := iterateFollowUp(ctx, tx, e)
		if err != nil {
			return err
		}
		decided := e
		if err := e.Undo(by, db.now(), followUp); err != nil {
			return err
		}
		if err := saveExperiment(ctx, tx, e); err != nil {
			return err
		}
		if err := deleteExperiment(ctx, tx, followUp); err != nil {
			return err
		}
		if notify == nil {
			return nil
		}
		return db.insertMessages(ctx, tx, db.now(), notify(decided, followUp))
	})
	if err != nil {
		return experiments.Experiment{}, err
	}
	return e, nil
}

// iterateFollowUp returns the follow-up e's iterate started, with its
// latest check-in time, or nil when e was not decided with iterate. An
// experiment is decided once, so it has at most one; should older data
// hold more, the newest is the iterate's.
func iterateFollowUp(ctx context.Context, tx *sql.Tx, e experiments.Experiment) (*experiments.Experiment, error) {
	if e.Decision != experiments.DecisionIterate {
		return nil, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+experimentColumns+` FROM experiments e
		WHERE e.parent_id = ? ORDER BY e.number DESC LIMIT 1`, e.ID)
	if err != nil {
		return nil, err
	}
	list, err := scanExperiments(rows)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return &list[0], nil
}

// deleteExperiment deletes e, if not nil. Its check-ins go with it (there
// are none when an undo removes it) and its follow-ups lose their link.
func deleteExperiment(ctx context.Context, tx *sql.Tx, e *experiments.Experiment) error {
	if e == nil {
		return nil
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM experiments WHERE id = ?`, e.ID)
	return err
}
