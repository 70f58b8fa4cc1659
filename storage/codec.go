package storage

import (
	"database/sql"
	"fmt"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// Instants are stored as INTEGER milliseconds since the Unix epoch (UTC)
// rather than as _time_format=sqlite text. Why:
//   - comparisons and ranges are numeric, so `launched_at >= ?` and the
//     indexes on it are right whatever zone a caller's time.Time carries (a
//     time bound as text is formatted in its own zone, and text with two
//     offsets does not sort by instant);
//   - aggregates stay typed: MAX(at) over an INTEGER column comes back as an
//     integer, while MAX over a TEXT column loses the column's declared type
//     and the driver returns a bare string to parse;
//   - the tables are STRICT, so a time.Time bound by mistake (as text) is
//     rejected instead of stored.
// Read one by hand with datetime(at / 1000, 'unixepoch'). Sub-millisecond
// precision is dropped, which no rule of the domain needs. NULL means "not
// yet" (launched_at of an idea, sent_at of a pending message).

// toMillis encodes t for a NOT NULL time column.
func toMillis(t time.Time) int64 { return t.UnixMilli() }

// nullMillis encodes t for a nullable time column: the zero time is NULL.
func nullMillis(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

// fromMillis decodes a NOT NULL time column.
func fromMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// fromNullMillis decodes a nullable time column: NULL is the zero time.
func fromNullMillis(ms sql.NullInt64) time.Time {
	if !ms.Valid {
		return time.Time{}
	}
	return fromMillis(ms.Int64)
}

// normTime returns t as it reads back from the database, so a value returned
// by a write equals the same value read later. The zero time stays zero.
func normTime(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return fromMillis(toMillis(t))
}

// nullDate encodes a calendar date as 'YYYY-MM-DD', or NULL when unset.
func nullDate(d experiments.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

// parseDate decodes a nullable 'YYYY-MM-DD' column.
func parseDate(s sql.NullString) (experiments.Date, error) {
	if !s.Valid || s.String == "" {
		return experiments.Date{}, nil
	}
	t, err := time.Parse(time.DateOnly, s.String)
	if err != nil {
		return experiments.Date{}, fmt.Errorf("bad date %q in database: %w", s.String, err)
	}
	return experiments.DateOf(t, time.UTC), nil
}

// nullID encodes an optional reference: 0 is NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface {
	Scan(dest ...any) error
}
