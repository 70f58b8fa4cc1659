package storage

import (
	"context"
	"database/sql"

	"github.com/aimlater/aimlater/experiments"
)

// The queries of a home, each on the owner index of migration 0017. A
// person's open work is a few dozen rows: it is read whole, sorted in SQL in
// the order the home shows it (experiments.HomeRunningOrder, and the ICE
// part of experiments.IdeaOrder), and cut to what the home has room for.
const (
	homeCountQuery = `SELECT COUNT(*) FROM experiments e WHERE e.team = ? AND e.owner = ? AND e.status = ?`
	// deadline IS NULL first sorts the undated last, as HomeRunningOrder.
	homeRunningQuery = `SELECT ` + experimentColumns + ` FROM experiments e
		WHERE e.team = ? AND e.owner = ? AND e.status = 'running'
		ORDER BY e.deadline IS NULL, e.deadline, e.number LIMIT ?`
	homeIdeasQuery = `SELECT ` + experimentColumns + ` FROM experiments e
		WHERE e.team = ? AND e.owner = ? AND e.status = 'idea'
		ORDER BY e.ice_i + e.ice_c + e.ice_e DESC, e.created_at, e.number LIMIT ?`
	homeChannelsQuery = `SELECT channel FROM experiments WHERE team = ? AND owner = ?
		GROUP BY channel ORDER BY MAX(created_at) DESC, channel LIMIT ?`
	homeChannelsCount = `SELECT COUNT(DISTINCT channel) FROM experiments WHERE team = ? AND owner = ?`
)

// LoadHome returns what user's App Home is drawn from, in one snapshot:
// their running experiments and ideas across the team's channels, whole,
// each list cut to its limit and counted in full; and the channels they
// work in (see experiments.HomeFacts), each with the facts of its digest's
// metrics as of the week that week returns for the channel's settings, as
// LoadDigest reads them. The cost is the person's open work, plus one
// digest's indexed reads per channel shown.
func (db *DB) LoadHome(ctx context.Context, team, user string, week func(experiments.ChannelSettings) experiments.ReviewWeek, limits experiments.HomeLimits) (experiments.HomeFacts, error) {
	var h experiments.HomeFacts
	err := db.readBulk(ctx, "load home", func(tx *sql.Tx) (err error) {
		if h.Running, h.RunningTotal, err = findHomeList(ctx, tx, homeRunningQuery, team, user, experiments.StatusRunning, limits.Running); err != nil {
			return err
		}
		if h.Ideas, h.IdeasTotal, err = findHomeList(ctx, tx, homeIdeasQuery, team, user, experiments.StatusIdea, limits.Ideas); err != nil {
			return err
		}
		h.Channels, h.ChannelsTotal, err = findHomeChannels(ctx, tx, team, user, week, limits.Channels)
		return err
	})
	return h, err
}

// findHomeList reads the first limit of a person's experiments with status
// by query, and counts them all.
func findHomeList(ctx context.Context, tx *sql.Tx, query, team, user string, status experiments.Status, limit int) ([]experiments.Experiment, int, error) {
	var total int
	if err := tx.QueryRowContext(ctx, homeCountQuery, team, user, string(status)).Scan(&total); err != nil || total == 0 || limit <= 0 {
		return nil, total, err
	}
	rows, err := tx.QueryContext(ctx, query, team, user, limit)
	if err != nil {
		return nil, 0, err
	}
	list, err := scanExperiments(rows)
	return list, total, err
}

// findHomeChannels reads the first limit channels a person works in, with
// their facts, and counts them all.
func findHomeChannels(ctx context.Context, tx *sql.Tx, team, user string, week func(experiments.ChannelSettings) experiments.ReviewWeek, limit int) ([]experiments.HomeChannel, int, error) {
	var total int
	if err := tx.QueryRowContext(ctx, homeChannelsCount, team, user).Scan(&total); err != nil || total == 0 || limit <= 0 {
		return nil, total, err
	}
	names, err := homeChannelNames(ctx, tx, team, user, limit)
	if err != nil {
		return nil, 0, err
	}
	channels := make([]experiments.HomeChannel, 0, len(names))
	for _, name := range names {
		s, err := findChannelSettings(ctx, tx, team, name)
		if err != nil {
			return nil, 0, err
		}
		ch := experiments.HomeChannel{Channel: name, Week: week(s)}
		if ch.Facts, err = findDigestFacts(ctx, tx, team, name, s, ch.Week); err != nil {
			return nil, 0, err
		}
		// The home shows each open goal's progress, as the digest does.
		if ch.Records, err = findGoalRecords(ctx, tx, ch.Goals, ch.Running, ch.Week.AsOf, 0); err != nil {
			return nil, 0, err
		}
		channels = append(channels, ch)
	}
	return channels, total, nil
}

// homeChannelNames reads the first limit channels of homeChannelsQuery.
func homeChannelNames(ctx context.Context, tx *sql.Tx, team, user string, limit int) ([]string, error) {
	rows, err := tx.QueryContext(ctx, homeChannelsQuery, team, user, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	return names, rows.Err()
}
