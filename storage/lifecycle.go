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

// LaunchExperiment turns the team's idea #number into a running experiment,
// launched now, due on defaultDeadline unless the idea has its own. notify,
// if not nil, runs in the transaction with the result.
func (db *DB) LaunchExperiment(ctx context.Context, team string, number int, defaultDeadline experiments.Date, notify func(experiments.Experiment) []experiments.OutboxMessage) (experiments.Experiment, error) {
	return db.changeExperiment(ctx, "launch experiment", team, number, notify, func(_ *sql.Tx, e *experiments.Experiment) error {
		return e.Launch(db.now(), defaultDeadline)
	})
}

// DecideExperiment records keep or kill, with what was learnt, on the team's
// running experiment #number. Iterate goes through IterateExperiment.
func (db *DB) DecideExperiment(ctx context.Context, team string, number int, d experiments.Decision, learning string, notify func(experiments.Experiment) []experiments.OutboxMessage) (experiments.Experiment, error) {
	return db.changeExperiment(ctx, "decide experiment", team, number, notify, func(_ *sql.Tx, e *experiments.Experiment) error {
		return e.Decide(d, learning, db.now())
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
		return notifyInTx(ctx, tx, db.now(), notify, e)
	})
	if err != nil {
		return experiments.Experiment{}, err
	}
	return e, nil
}

// IterateExperiment decides the team's running experiment #number with
// iterate and creates its follow-up, numbered in the same transaction: the
// follow-up exists if and only if the decision does. change becomes the
// follow-up's hypothesis; deadline is its deadline (zero for none). notify,
// if not nil, runs in the transaction with both.
func (db *DB) IterateExperiment(ctx context.Context, team string, number int, learning, change string, deadline experiments.Date, notify func(decided, followUp experiments.Experiment) []experiments.OutboxMessage) (decided, followUp experiments.Experiment, err error) {
	err = db.write(ctx, "iterate experiment", func(tx *sql.Tx) (err error) {
		if decided, err = findExperiment(ctx, tx, team, number); err != nil {
			return err
		}
		if followUp, err = decided.Iterate(learning, change, db.now(), deadline); err != nil {
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
		return insertMessages(ctx, tx, db.now(), notify(decided, followUp))
	})
	if err != nil {
		return experiments.Experiment{}, experiments.Experiment{}, err
	}
	return decided, followUp, nil
}
