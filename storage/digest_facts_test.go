package storage

import (
	"context"
	"database/sql"
	"slices"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
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

// TestMergeByNumber checks the in-place merge of the running lists, with
// and without spare capacity, either side empty, and interleaved.
func TestMergeByNumber(t *testing.T) {
	list := func(capacity int, numbers ...int) []experiments.Experiment {
		l := make([]experiments.Experiment, 0, max(capacity, len(numbers)))
		for _, n := range numbers {
			l = append(l, experiments.Experiment{Number: n, ID: int64(n)})
		}
		return l
	}
	tests := []struct {
		a, b []experiments.Experiment
		want []int
	}{
		{list(0), list(0), nil},
		{list(0, 1, 2), list(0), []int{1, 2}},
		{list(0), list(0, 3), []int{3}},
		{list(0, 1, 4, 9), list(0, 2, 3, 10), []int{1, 2, 3, 4, 9, 10}},
		{list(8, 5, 6, 7), list(0, 1, 2), []int{1, 2, 5, 6, 7}},
		{list(8, 1, 2), list(0, 5, 6, 7), []int{1, 2, 5, 6, 7}},
		{list(8, 2, 4, 6), list(0, 1, 3, 5, 7), []int{1, 2, 3, 4, 5, 6, 7}},
	}
	for _, tt := range tests {
		var got []int
		for _, e := range mergeByNumber(tt.a, tt.b) {
			if e.ID != int64(e.Number) {
				t.Fatalf("experiment #%d carries the id %d", e.Number, e.ID)
			}
			got = append(got, e.Number)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("mergeByNumber = %v, want %v", got, tt.want)
		}
	}
}
