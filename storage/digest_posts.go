package storage

import (
	"context"
	"database/sql"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// PostUnlessRecent queues msgs and records them in the tick ledger as a
// run of kind at at, unless the channel has a run of kind or of
// alsoCounted recorded after since: then it writes nothing and returns the
// latest one. The check and the post are one transaction, so two requests
// at once post once. The bot posts `/exp digest` through it, counting the
// scheduled digests too.
func (db *DB) PostUnlessRecent(ctx context.Context, team, channel, kind string, at, since time.Time,
	msgs []experiments.OutboxMessage, alsoCounted ...string) (posted bool, last time.Time, err error) {
	err = db.write(ctx, "post unless recent", func(tx *sql.Tx) error {
		if last, err = lastTick(ctx, tx, team, channel, append([]string{kind}, alsoCounted...)...); err != nil || last.After(since) {
			return err
		}
		posted, err = db.recordTick(ctx, tx, db.now(), team, channel, kind, at, msgs)
		return err
	})
	if err != nil {
		return false, time.Time{}, err
	}
	return posted, last, nil
}
