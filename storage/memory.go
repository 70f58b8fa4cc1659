package storage

import (
	"context"
	"database/sql"
	"strings"

	"github.com/aimlater/aimlater/experiments"
)

// The memory of what was tried reads the full-text index experiments_fts
// (migrations 0013 and 0018), which holds the decided experiments alone,
// joined back to experiments for the team and channel, which it does not
// hold.

// triedBeforeRank is bm25 with the columns weighted title, hypothesis,
// learning: a decided experiment whose title shares a word with the new
// title is likelier the same idea than one whose learning mentions it.
const triedBeforeRank = `bm25(experiments_fts, 5.0, 1.0, 1.0)`

// TriedBefore returns up to limit experiments decided in the team's
// channel that share a word of words (see experiments.SearchWords) in
// their title, hypothesis or learning, the most alike first by bm25, then
// the newest. It ranks the channel's experiments.TriedBeforeWindow most
// recent such experiments, not every one: bm25 costs some microseconds a
// row, and a common word in a long history matches thousands, so the
// look-up costs the same in a channel of 50,000 as in one of 500. No
// words, no experiments.
func (db *DB) TriedBefore(ctx context.Context, team, channel string, words []string, limit int) ([]experiments.Experiment, error) {
	if len(words) == 0 || limit <= 0 {
		return nil, nil
	}
	// One statement, so no transaction (see readOne). The index yields its
	// matches newest first (ids grow with time) without a sort; bm25 is
	// computed for the window alone, and the columns read for the few kept.
	rows, err := db.ro.QueryContext(ctx, `WITH recent AS (
		SELECT e.id, `+triedBeforeRank+` AS score, e.number FROM experiments_fts
		JOIN experiments e ON e.id = experiments_fts.rowid
		WHERE experiments_fts MATCH ? AND e.team = ? AND e.channel = ? AND e.status = 'decided'
		ORDER BY experiments_fts.rowid DESC LIMIT ?),
		best AS (SELECT id, score, number FROM recent ORDER BY score, number DESC LIMIT ?)
		SELECT `+experimentColumns+` FROM best JOIN experiments e ON e.id = best.id
		ORDER BY best.score, best.number DESC`,
		matchAny(words), team, channel, experiments.TriedBeforeWindow, limit)
	if err != nil {
		return nil, wrap("tried before", err)
	}
	list, err := scanExperiments(rows)
	if err != nil {
		return nil, wrap("tried before", err)
	}
	return list, nil
}

// Learnings returns the decided experiments with a learning that f
// selects, newest decision first, and how many it selects in all (ignoring
// Limit and Offset).
func (db *DB) Learnings(ctx context.Context, f experiments.LearningFilter) ([]experiments.Experiment, int, error) {
	var (
		list  []experiments.Experiment
		total int
	)
	from, args := learningsFrom(f)
	err := db.read(ctx, "learnings", func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*)`+from, args...).Scan(&total); err != nil {
			return err
		}
		limit := -1 // SQLite's "no limit"
		if f.Limit > 0 {
			limit = f.Limit
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+experimentColumns+from+
			` ORDER BY e.decided_at DESC, e.number DESC LIMIT ? OFFSET ?`, append(args, limit, max(f.Offset, 0))...)
		if err != nil {
			return err
		}
		list, err = scanExperiments(rows)
		return err
	})
	return list, total, err
}

// learningsFrom is the FROM and WHERE of f (with a leading space), and
// their arguments. Without words it reads experiments alone, on the index
// of decisions by channel.
func learningsFrom(f experiments.LearningFilter) (string, []any) {
	from := ` FROM experiments e`
	conds := []string{"e.team = ?", "e.status = 'decided'", "e.learning <> ''"}
	args := []any{f.Team}
	if len(f.Words) > 0 {
		from += ` JOIN experiments_fts ON experiments_fts.rowid = e.id`
		conds = append(conds, "experiments_fts MATCH ?")
		args = append(args, matchAllPrefixes(f.Words))
	}
	if f.Channel != nil {
		conds, args = append(conds, "e.channel = ?"), append(args, *f.Channel)
	}
	if f.Owner != nil {
		conds, args = append(conds, "e.owner = ?"), append(args, *f.Owner)
	}
	return from + " WHERE " + strings.Join(conds, " AND "), args
}

// matchAny is an FTS5 query that matches any of words: `"a" OR "b"`.
func matchAny(words []string) string {
	return strings.Join(ftsStrings(words, ""), " OR ")
}

// matchAllPrefixes is an FTS5 query that matches every one of words, each
// as a word or the start of one: `"a"* "b"*`.
func matchAllPrefixes(words []string) string {
	return strings.Join(ftsStrings(words, "*"), " ")
}

// ftsStrings quotes each word as an FTS5 string, followed by suffix. In a
// string every character is text, never syntax (AND, NEAR, *, :, -, ( ),
// and a double quote is written twice: whatever a user typed, the query
// parses. A NUL would end the query early, unterminated: it goes.
// experiments.SearchWords leaves neither in a word; quoting anyway keeps
// this safe for any caller.
func ftsStrings(words []string, suffix string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		w = strings.ReplaceAll(strings.ReplaceAll(w, "\x00", ""), `"`, `""`)
		out[i] = `"` + w + `"` + suffix
	}
	return out
}
