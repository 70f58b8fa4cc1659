package storage

import (
	"context"
	"database/sql"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// SaveSchedules stores the check-in schedule, digest schedule and zone of
// s.Team, s.Channel, and nothing else of s: a concurrent change of the
// channel's other settings is not overwritten with stale values. A channel
// that saved no settings yet gets the defaults for the rest.
//
// In the same transaction it records, for each kind in restart, a mark in
// the tick ledger at the given time: the ticks of kind up to then are
// accounted for. A changed schedule thus starts afresh at the change and
// never "catches up" a tick its new spec would have had earlier that day,
// even across a restart.
func (db *DB) SaveSchedules(ctx context.Context, s experiments.ChannelSettings, restart []string, at time.Time) error {
	now := db.now()
	return db.write(ctx, "save schedules", func(tx *sql.Tx) error {
		// Read and written in one transaction, the channel's other
		// settings are written back as they are.
		cur, err := findChannelSettings(ctx, tx, s.Team, s.Channel)
		if err != nil {
			return err
		}
		cur.CheckInSchedule, cur.DigestSchedule, cur.TimeZone = s.CheckInSchedule, s.DigestSchedule, s.TimeZone
		if err := db.upsertSettings(ctx, tx, cur); err != nil {
			return err
		}
		for _, kind := range restart {
			if _, err := tx.ExecContext(ctx, `INSERT INTO ticks (team, channel, kind, scheduled_at, recorded_at)
				VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
				s.Team, s.Channel, kind, toMillis(at), toMillis(now)); err != nil {
				return err
			}
		}
		return nil
	})
}
