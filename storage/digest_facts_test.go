package storage

import (
	"database/sql"
	"testing"
	"time"
)

// TestParseDateBytes checks that the digest's fast date decoder agrees
// with parseDate on every day of several years, leap days included, and on
// malformed or impossible dates, which must still fail.
func TestParseDateBytes(t *testing.T) {
	var inputs []string
	for d := time.Date(2023, 1, 1, 12, 0, 0, 0, time.UTC); d.Year() < 2029; d = d.AddDate(0, 0, 1) {
		inputs = append(inputs, d.Format(time.DateOnly))
	}
	inputs = append(inputs, "", "2026-02-29", "2024-02-30", "2026-04-31", "2026-13-01", "2026-00-10",
		"2026-01-00", "2026-1-01", "2026/01/01", "20260101xx", "0000-01-01", "9999-12-31", "2026-01-0a")
	for _, in := range inputs {
		want, wantErr := parseDate(sql.NullString{String: in, Valid: in != ""})
		var raw []byte
		if in != "" {
			raw = []byte(in)
		}
		got, err := parseDateBytes(raw)
		if got != want || (err == nil) != (wantErr == nil) {
			t.Errorf("parseDateBytes(%q) = %v, %v; parseDate = %v, %v", in, got, err, want, wantErr)
		}
	}
}
