package storage

import (
	"context"
	"database/sql"
	"testing"
	"time"
)

// TestDeadlineDay checks that a deadline read through deadlineDay and
// dayDate decodes as parseDate decodes the text, on every day of several
// years (leap days included), on no deadline, and on days the column's
// CHECK lets through but the calendar does not, which must still fail.
func TestDeadlineDay(t *testing.T) {
	db := mustOpen(t)
	var inputs []string
	for d := time.Date(2023, 1, 1, 12, 0, 0, 0, time.UTC); d.Year() < 2029; d = d.AddDate(0, 0, 1) {
		inputs = append(inputs, d.Format(time.DateOnly))
	}
	inputs = append(inputs, "", "2024-02-29", "2026-02-29", "2024-02-30", "2026-04-31", "2026-13-01",
		"2026-00-10", "2026-01-00", "0001-01-01", "9999-12-31")
	for _, in := range inputs {
		want, wantErr := parseDate(sql.NullString{String: in, Valid: in != ""})
		var day int64
		arg := sql.NullString{String: in, Valid: in != ""}
		if err := db.ro.QueryRowContext(context.Background(), `SELECT `+deadlineDay+` FROM (SELECT ? AS deadline)`, arg).Scan(&day); err != nil {
			t.Fatal(err)
		}
		got, err := dayDate(day)
		if got != want || (err == nil) != (wantErr == nil) || (err != nil && err.Error() != wantErr.Error()) {
			t.Errorf("dayDate(deadlineDay(%q)) = %v, %v; parseDate = %v, %v", in, got, err, want, wantErr)
		}
	}
}
