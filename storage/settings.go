package storage

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/aimlater/aimlater/experiments"
)

const settingsColumns = `team, channel, check_in_schedule, digest_schedule, time_zone,
	quiet_after_days, idea_stale_days, experiment_days, tempo_target, levers`

// ChannelSettings returns a channel's saved settings, or
// experiments.DefaultChannelSettings when it never saved any; from the
// cache when it holds them (see settingsCache), in the process that holds
// OpenExclusive's lock.
func (db *DB) ChannelSettings(ctx context.Context, team, channel string) (experiments.ChannelSettings, error) {
	read := func() (s experiments.ChannelSettings, err error) {
		err = db.readOne(ctx, "channel settings", func(q rowQuerier) (err error) {
			s, err = findChannelSettings(ctx, q, team, channel)
			return err
		})
		return s, err
	}
	if db.lock == nil { // another process may write them: no cache
		return read()
	}
	k := settingsKey{team, channel}
	s, gen, ok := db.settings.get(k)
	if ok {
		return s, nil
	}
	s, err := read()
	if err == nil {
		db.settings.put(k, s, gen)
	}
	return s, err
}

// settingsWritten tells the writer that the unit running now changes
// channel_settings, so that the settings cache is reset once the group
// commits. Every write of channel_settings calls it in its unit
// (TestSettingsWritesResetCache checks the source).
func (db *DB) settingsWritten() { db.w.settingsChanged = true }

func findChannelSettings(ctx context.Context, tx rowQuerier, team, channel string) (experiments.ChannelSettings, error) {
	row := tx.QueryRowContext(ctx, `SELECT `+settingsColumns+` FROM channel_settings
		WHERE team = ? AND channel = ?`, team, channel)
	s, err := scanSettings(row)
	if errors.Is(err, sql.ErrNoRows) {
		return experiments.DefaultChannelSettings(team, channel), nil
	}
	return s, err
}

// upsertSettings writes every column of s as the settings of its channel,
// in a write unit's tx, and has the settings cache reset after its commit.
// A change of some settings writes the others as it read them in the same
// transaction, so one statement serves every settings write.
func (db *DB) upsertSettings(ctx context.Context, tx *sql.Tx, s experiments.ChannelSettings) error {
	db.settingsWritten()
	_, err := tx.ExecContext(ctx, `INSERT INTO channel_settings (`+settingsColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (team, channel) DO UPDATE SET
			check_in_schedule = excluded.check_in_schedule,
			digest_schedule = excluded.digest_schedule,
			time_zone = excluded.time_zone,
			quiet_after_days = excluded.quiet_after_days,
			idea_stale_days = excluded.idea_stale_days,
			experiment_days = excluded.experiment_days,
			tempo_target = excluded.tempo_target,
			levers = excluded.levers`,
		s.Team, s.Channel, s.CheckInSchedule, s.DigestSchedule, s.TimeZone,
		s.QuietAfterDays, s.IdeaStaleDays, s.ExperimentDays, s.TempoTarget, joinLevers(s.Levers))
	return err
}

// SaveChannelSettings stores s as the settings of s.Team, s.Channel,
// replacing any saved before.
func (db *DB) SaveChannelSettings(ctx context.Context, s experiments.ChannelSettings) error {
	return db.write(ctx, "save channel settings", func(tx *sql.Tx) error {
		return db.upsertSettings(ctx, tx, s)
	})
}

// ListChannels returns the settings of every channel the bot knows, that is
// every channel with an experiment or saved settings, ordered by team and
// channel; a channel that saved nothing gets the defaults. The scheduler
// needs each channel's schedules and zone anyway, so it gets them here in
// one query rather than one per channel.
func (db *DB) ListChannels(ctx context.Context) ([]experiments.ChannelSettings, error) {
	var list []experiments.ChannelSettings
	err := db.read(ctx, "list channels", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT k.team, k.channel, s.check_in_schedule,
			s.digest_schedule, s.time_zone, s.quiet_after_days, s.idea_stale_days,
			s.experiment_days, s.tempo_target, s.levers
			FROM (SELECT team, channel FROM experiments UNION SELECT team, channel FROM channel_settings) k
			LEFT JOIN channel_settings s ON s.team = k.team AND s.channel = k.channel
			ORDER BY k.team, k.channel`)
		if err != nil {
			return err
		}
		list, err = scanChannels(rows)
		return err
	})
	return list, err
}

func scanChannels(rows *sql.Rows) ([]experiments.ChannelSettings, error) {
	defer rows.Close()
	var list []experiments.ChannelSettings
	for rows.Next() {
		var team, channel string
		var checkIn, digest, zone, levers sql.NullString
		var quiet, stale, days, tempo sql.NullInt64
		if err := rows.Scan(&team, &channel, &checkIn, &digest, &zone, &quiet, &stale, &days, &tempo, &levers); err != nil {
			return nil, err
		}
		s := experiments.DefaultChannelSettings(team, channel)
		if quiet.Valid { // saved settings: every column is set
			s.CheckInSchedule, s.DigestSchedule, s.TimeZone = checkIn.String, digest.String, zone.String
			s.QuietAfterDays, s.IdeaStaleDays = int(quiet.Int64), int(stale.Int64)
			s.ExperimentDays, s.TempoTarget = int(days.Int64), int(tempo.Int64)
			s.Levers = splitLevers(levers.String)
		}
		list = append(list, s)
	}
	return list, rows.Err()
}

func scanSettings(s scanner) (experiments.ChannelSettings, error) {
	var c experiments.ChannelSettings
	var levers string
	err := s.Scan(&c.Team, &c.Channel, &c.CheckInSchedule, &c.DigestSchedule, &c.TimeZone,
		&c.QuietAfterDays, &c.IdeaStaleDays, &c.ExperimentDays, &c.TempoTarget, &levers)
	c.Levers = splitLevers(levers)
	return c, err
}

// joinLevers is a channel's levers as stored: comma-separated, ” for the
// default (a lever name holds no comma, see experiments.ParseLever).
func joinLevers(levers []string) string { return strings.Join(levers, ",") }

// splitLevers reads what joinLevers stored; nil for the default.
func splitLevers(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// ChangeSettings makes the change c (one of `/exp settings`) to the
// settings of team's channel and returns them, in one write that reads
// them first, so a concurrent change of another setting, or of the
// schedules, is kept. A channel that saved no settings yet starts from the
// defaults.
func (db *DB) ChangeSettings(ctx context.Context, team, channel string, c experiments.SettingsChange) (experiments.ChannelSettings, error) {
	var s experiments.ChannelSettings
	err := db.write(ctx, "change settings", func(tx *sql.Tx) error {
		old, err := findChannelSettings(ctx, tx, team, channel)
		if err != nil {
			return err
		}
		s = old.Apply(c)
		return db.upsertSettings(ctx, tx, s)
	})
	return s, err
}
