package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// TestReadersNeedAnExistingDatabase: backup, export and digest run in the
// wrong folder say so and create nothing; migrate creates the database.
func TestReadersNeedAnExistingDatabase(t *testing.T) {
	dir := t.TempDir()
	env := validEnv(dir)
	path := env["AIMLATER_DB"]
	want := "no database at " + path + " (set AIMLATER_DB)"
	for _, args := range [][]string{
		{"backup", filepath.Join(dir, "copy.db")},
		{"export"},
		{"export", "--format", "json"},
		{"digest", "--channel", "C1"},
	} {
		code, stdout, stderr := runCLI(t, env, args...)
		if code != exitFailed || !strings.Contains(stderr, want) || stdout != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 1 and %q", args, code, stdout, stderr, want)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Fatalf("%v created %s", args, entries[0].Name())
		}
	}
	if code, _, stderr := runCLI(t, env, "migrate"); code != exitOK {
		t.Fatalf("migrate: exit %d, stderr %q", code, stderr)
	}
	if code, out, stderr := runCLI(t, env, "export", "--format", "json"); code != exitOK || out != "[]\n" {
		t.Errorf("export after migrate: exit %d, stdout %q, stderr %q; want [] of an empty database", code, out, stderr)
	}
}

// TestBackupRefusesAURIName: SQLite reads "file:NAME" as a URI and would
// write another file than the one checked for.
func TestBackupRefusesAURIName(t *testing.T) {
	dir := t.TempDir()
	env := validEnv(dir)
	seed(t, env["AIMLATER_DB"])
	t.Chdir(dir)
	code, _, stderr := runCLI(t, env, "backup", "file:copy.db")
	if code != exitUsage || !strings.Contains(stderr, "aimlater backup copy.db") {
		t.Errorf("exit %d, stderr %q; want 2 with the plain name as an example", code, stderr)
	}
	for _, name := range []string{"copy.db", "file:copy.db"} {
		if _, err := os.Stat(name); err == nil {
			t.Errorf("backup wrote %s", name)
		}
	}
}

// seedHostile writes an experiment whose text a spreadsheet would run, with
// check-ins whose notes hold the old separator " | ", and a follow-up.
func seedHostile(t *testing.T, path string) {
	t.Helper()
	db := openStore(t, path)
	defer db.Close()
	ctx := context.Background()
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	for _, team := range []string{"T2", "T2", "T1"} { // T1 #1 is row 3
		e := experiments.Experiment{Team: team, Channel: "C1", Owner: "U1", Title: `=HYPERLINK("http://evil","x")`,
			Hypothesis: "@SUM(1+1)", Metric: "-2+3", Status: experiments.StatusRunning, CreatedAt: now, LaunchedAt: now}
		if err := db.CreateExperiment(ctx, &e, nil); err != nil {
			t.Fatal(err)
		}
	}
	v := -3.5
	for _, c := range []experiments.CheckIn{
		{Author: "U1", At: now, Value: &v, Note: "+1 from sales | more", OnTrack: true},
		{Author: "U2", At: now.Add(time.Hour), Note: "\tquiet week"},
	} {
		if _, err := db.AddCheckIn(ctx, "T1", 1, &c, nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := db.IterateExperiment(ctx, "T1", 1, "half right", "smaller", "U1", experiments.Date{}, nil); err != nil {
		t.Fatal(err)
	}
}

// exportCSV runs export with args and returns its rows by column name.
func exportCSV(t *testing.T, env map[string]string, args ...string) []map[string]string {
	t.Helper()
	code, out, stderr := runCLI(t, env, append([]string{"export"}, args...)...)
	if code != exitOK {
		t.Fatalf("export %v: exit %d, stderr %q", args, code, stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v\n%s", err, out)
	}
	var recs []map[string]string
	for _, r := range rows[1:] {
		rec := map[string]string{}
		for i, h := range rows[0] {
			rec[h] = r[i]
		}
		recs = append(recs, rec)
	}
	return recs
}

// TestExportCSVIsSafeInASpreadsheet: a cell that starts like a formula is
// prefixed with ', numbers stay numbers, and each check-in has a row of
// its own, so a note holding " | " reads back as it was written.
func TestExportCSVIsSafeInASpreadsheet(t *testing.T) {
	env := validEnv(t.TempDir())
	seedHostile(t, env["AIMLATER_DB"])
	exps := exportCSV(t, env)
	if len(exps) != 4 {
		t.Fatalf("got %d experiments, want 4", len(exps))
	}
	want := map[string]string{"title": `'=HYPERLINK("http://evil","x")`, "hypothesis": "'@SUM(1+1)", "metric": "'-2+3", "check_in_count": "2"}
	for k, v := range want {
		if got := exps[0][k]; got != v {
			t.Errorf("experiment %s = %q, want %q", k, got, v)
		}
	}
	cs := exportCSV(t, env, "--table", "checkins")
	wantRows := []map[string]string{
		{"number": "1", "team": "T1", "channel": "C1", "at": "2026-11-02T09:00:00Z", "author": "U1", "value": "-3.5", "on_track": "true", "note": "'+1 from sales | more"},
		{"number": "1", "team": "T1", "channel": "C1", "at": "2026-11-02T10:00:00Z", "author": "U2", "value": "", "on_track": "false", "note": "'\tquiet week"},
	}
	if len(cs) != len(wantRows) {
		t.Fatalf("check-in rows = %q, want %q", cs, wantRows)
	}
	for i, w := range wantRows {
		for k, v := range w {
			if cs[i][k] != v {
				t.Errorf("check-in %d: %s = %q, want %q", i, k, cs[i][k], v)
			}
		}
	}
}

// TestExportParentIsTheExperimentNumber: a follow-up names its parent by
// number, in CSV and JSON, not by the row id it has in this database.
func TestExportParentIsTheExperimentNumber(t *testing.T) {
	env := validEnv(t.TempDir())
	seedHostile(t, env["AIMLATER_DB"])
	exps := exportCSV(t, env)
	if got := exps[1]["parent"]; exps[1]["number"] != "2" || exps[1]["team"] != "T1" || got != "1" {
		t.Errorf("T1 #2's CSV row = %v, want parent 1", exps[1])
	}
	code, out, _ := runCLI(t, env, "export", "--format", "json", "--channel", "C1")
	var recs []map[string]any
	if err := json.Unmarshal([]byte(out), &recs); err != nil || code != exitOK {
		t.Fatalf("export: exit %d, %v\n%s", code, err, out)
	}
	if recs[1]["parent"] != 1.0 || recs[1]["parent_id"] != nil {
		t.Errorf("T1 #2 in JSON = %v, want parent 1 and no parent_id", recs[1])
	}
	code, out, _ = runCLI(t, env, "export", "--format", "json", "--table", "checkins")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil || code != exitOK || len(rows) != 2 || rows[0]["number"] != 1.0 || rows[0]["note"] != "+1 from sales | more" {
		t.Errorf("JSON check-ins: exit %d, %v, %v; want two rows of #1, as written", code, err, rows)
	}
}
