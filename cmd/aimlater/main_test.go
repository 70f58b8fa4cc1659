package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// envOf returns a getenv that reads from m only, so tests never see the
// machine's real environment.
func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// validEnv is a complete, valid configuration with a database in dir.
func validEnv(dir string) map[string]string {
	return map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-test",
		"SLACK_APP_TOKEN": "xapp-test",
		"AIMLATER_DB":     filepath.Join(dir, "aimlater.db"),
	}
}

// runCLI runs the command line and returns the exit status and both outputs.
func runCLI(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, envOf(env), strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestConfigErrorsExitTwoNamingTheVariable(t *testing.T) {
	tests := []struct {
		name, key, value, want string
	}{
		{"missing bot token", "SLACK_BOT_TOKEN", "", "SLACK_BOT_TOKEN: missing"},
		{"bot token with app prefix", "SLACK_BOT_TOKEN", "xapp-nope", "SLACK_BOT_TOKEN: malformed"},
		{"missing app token", "SLACK_APP_TOKEN", "", "SLACK_APP_TOKEN: missing"},
		{"app token with bot prefix", "SLACK_APP_TOKEN", "xoxb-nope", "SLACK_APP_TOKEN: malformed"},
		{"bare prefix", "SLACK_APP_TOKEN", "xapp-", "SLACK_APP_TOKEN: malformed"},
		{"bad zone", "AIMLATER_TZ", "Mars/Olympus", "AIMLATER_TZ: unknown time zone"},
		{"bad check-in schedule", "AIMLATER_CHECKIN_SCHEDULE", "every tuesday", "AIMLATER_CHECKIN_SCHEDULE:"},
		{"six-field digest schedule", "AIMLATER_DIGEST_SCHEDULE", "0 0 9 * * 1", "AIMLATER_DIGEST_SCHEDULE:"},
		{"zone without a schedule", "AIMLATER_CHECKIN_SCHEDULE", "CRON_TZ=Europe/Rome", "AIMLATER_CHECKIN_SCHEDULE:"},
		{"bad catch-up", "AIMLATER_CATCHUP", "half a day", "AIMLATER_CATCHUP:"},
		{"negative catch-up", "AIMLATER_CATCHUP", "-1h", "AIMLATER_CATCHUP:"},
		{"bad outbox max age", "AIMLATER_OUTBOX_MAX_AGE", "a day", "AIMLATER_OUTBOX_MAX_AGE:"},
		{"zero outbox max age", "AIMLATER_OUTBOX_MAX_AGE", "0", "AIMLATER_OUTBOX_MAX_AGE:"},
		{"bad log level", "AIMLATER_LOG_LEVEL", "loud", "AIMLATER_LOG_LEVEL:"},
		{"bad log format", "AIMLATER_LOG_FORMAT", "xml", "AIMLATER_LOG_FORMAT:"},
		{"bad api url", "SLACK_API_URL", "slack.com", "SLACK_API_URL:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := validEnv(t.TempDir())
			env[tt.key] = tt.value
			code, _, stderr := runCLI(t, env, "serve")
			if code != exitUsage {
				t.Errorf("exit = %d, want %d", code, exitUsage)
			}
			if lines := strings.Count(stderr, "\n"); lines != 1 {
				t.Errorf("stderr has %d lines, want 1: %q", lines, stderr)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr = %q, want it to contain %q", stderr, tt.want)
			}
			if v := tt.value; len(v) > 5 && strings.Contains(stderr, v) && strings.HasPrefix(tt.key, "SLACK_") && tt.key != "SLACK_API_URL" {
				t.Errorf("stderr echoes the token: %q", stderr)
			}
		})
	}
}

func TestValidSchedulesAreAccepted(t *testing.T) {
	for _, spec := range []string{"off", "0 10 * * 2,4", "CRON_TZ=Europe/Rome 0 9 * * 1", "@daily", "@every 3s"} {
		if err := ValidateSchedule(spec); err != nil {
			t.Errorf("ValidateSchedule(%q) = %v, want nil", spec, err)
		}
	}
}

func TestLoadConfigDefaults(t *testing.T) {
	got := LoadConfig(envOf(nil))
	want := Config{APIURL: DefaultAPIURL, DBPath: DefaultDBPath, TimeZone: DefaultTimeZone,
		CheckInSchedule: DefaultCheckInSchedule, DigestSchedule: DefaultDigestSchedule, CatchUp: DefaultCatchUp,
		OutboxMaxAge: DefaultOutboxMaxAge, LogLevel: DefaultLogLevel, LogFormat: DefaultLogFormat}
	if got != want {
		t.Errorf("LoadConfig(empty) = %+v, want %+v", got, want)
	}
}

func TestUnknownCommandExitsTwoWithUsage(t *testing.T) {
	code, _, stderr := runCLI(t, nil, "frobnicate")
	if code != exitUsage || !strings.Contains(stderr, `unknown command "frobnicate"`) || !strings.Contains(stderr, "Usage:") {
		t.Errorf("got exit %d, stderr %q; want exit 2 naming the command, with usage", code, stderr)
	}
}

func TestHelpAndVersion(t *testing.T) {
	if code, out, _ := runCLI(t, nil, "help"); code != 0 || !strings.Contains(out, "backup FILE") {
		t.Errorf("help: exit %d, stdout %q", code, out)
	}
	if code, out, _ := runCLI(t, nil, "version"); code != 0 || !strings.HasPrefix(out, "aimlater ") {
		t.Errorf("version: exit %d, stdout %q", code, out)
	}
}

func TestMigratePrintsSchemaVersion(t *testing.T) {
	env := validEnv(t.TempDir())
	for i := 0; i < 2; i++ { // the second run finds nothing to apply
		code, out, stderr := runCLI(t, env, "migrate")
		if code != 0 || !strings.HasPrefix(out, "schema version ") {
			t.Fatalf("migrate run %d: exit %d, stdout %q, stderr %q", i, code, out, stderr)
		}
	}
}

// seed writes two experiments in two channels, one with check-ins and a
// decision, through the real storage.
func seed(t *testing.T, path string) {
	t.Helper()
	db := openStore(t, path)
	defer db.Close()
	ctx := context.Background()
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	a := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: `Carousel, "A"`, Metric: "signups",
		Target: experiments.Target{Value: 20, Percent: true}, Lever: "acquisition", Status: experiments.StatusRunning, CreatedAt: now, LaunchedAt: now}
	b := experiments.Experiment{Team: "T1", Channel: "C2", Owner: "U2", Title: "Webinar", Status: experiments.StatusIdea, CreatedAt: now}
	for _, e := range []*experiments.Experiment{&a, &b} {
		if err := db.CreateExperiment(ctx, e, nil); err != nil {
			t.Fatal(err)
		}
	}
	v := 412.0
	if _, err := db.AddCheckIn(ctx, "T1", a.Number, &experiments.CheckIn{Author: "U1", At: now, Value: &v, Note: "good start", OnTrack: true}, nil); err != nil {
		t.Fatal(err)
	}
	title := `Carousel, "A"`
	if _, err := db.UpdateExperiment(ctx, "T1", a.Number, experiments.ExperimentUpdate{By: "U3", Title: &title}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.DecideExperiment(ctx, "T1", a.Number, experiments.DecisionKeep, "carousels win", "U2", nil); err != nil {
		t.Fatal(err)
	}
}

func TestExportCSV(t *testing.T) {
	env := validEnv(t.TempDir())
	seed(t, env["AIMLATER_DB"])
	code, out, stderr := runCLI(t, env, "export", "--channel", "C1")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v\n%s", err, out)
	}
	if len(rows) != 2 {
		t.Fatalf("got %d rows, want header + 1 (channel filter): %q", len(rows), rows)
	}
	row := map[string]string{}
	for i, h := range rows[0] {
		row[h] = rows[1][i]
	}
	want := map[string]string{"title": `Carousel, "A"`, "target": "+20%", "status": "decided", "decision": "keep",
		"learning": "carousels win", "check_in_count": "1",
		"launched_by": "U1", "decided_by": "U2", "edited_by": "U3", "edited_at": "2026-11-02T09:00:00Z", "lever": "acquisition"}
	for k, v := range want {
		if row[k] != v {
			t.Errorf("%s = %q, want %q", k, row[k], v)
		}
	}
}

func TestExportJSON(t *testing.T) {
	env := validEnv(t.TempDir())
	seed(t, env["AIMLATER_DB"])
	code, out, stderr := runCLI(t, env, "export", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	var recs []exportRecord
	if err := json.Unmarshal([]byte(out), &recs); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if len(recs) != 2 || len(recs[0].CheckIns) != 1 || recs[0].Decision != "keep" || recs[1].Status != "idea" {
		t.Fatalf("got %+v, want both experiments, the first decided with one check-in", recs)
	}
	if recs[0].Lever != "acquisition" || recs[1].Lever != "" || !strings.Contains(out, `"lever":"acquisition"`) {
		t.Errorf("levers = %q, %q; want acquisition and none", recs[0].Lever, recs[1].Lever)
	}
	if r := recs[0]; r.LaunchedBy != "U1" || r.DecidedBy != "U2" || r.EditedBy != "U3" || r.EditedAt == "" {
		t.Errorf("actors of #%d: launched by %q, decided by %q, edited by %q at %q; want U1, U2, U3 and a time",
			r.Number, r.LaunchedBy, r.DecidedBy, r.EditedBy, r.EditedAt)
	}
	if !strings.Contains(out, `"decided_by":"U2"`) {
		t.Errorf("JSON lacks the field decided_by:\n%s", out)
	}
}

func TestExportEmptyJSONIsAnArray(t *testing.T) {
	env := validEnv(t.TempDir())
	if code, _, stderr := runCLI(t, env, "migrate"); code != 0 {
		t.Fatalf("migrate: exit %d, stderr %q", code, stderr)
	}
	if code, out, _ := runCLI(t, env, "export", "--format=json"); code != 0 || out != "[]\n" {
		t.Errorf("exit %d, stdout %q; want [] on an empty database", code, out)
	}
}

func TestExportBadFlags(t *testing.T) {
	env := validEnv(t.TempDir())
	for _, args := range [][]string{{"export", "--format", "xml"}, {"export", "--nope"}, {"export", "extra"}} {
		if code, _, stderr := runCLI(t, env, args...); code != exitUsage || !strings.Contains(stderr, "usage:") {
			t.Errorf("%v: exit %d, stderr %q; want 2 with usage", args, code, stderr)
		}
	}
}

func TestBackupCopiesAndRefusesToOverwrite(t *testing.T) {
	dir := t.TempDir()
	env := validEnv(dir)
	seed(t, env["AIMLATER_DB"])
	dst := filepath.Join(dir, "copy.db")
	if code, _, stderr := runCLI(t, env, "backup", dst); code != 0 {
		t.Fatalf("backup: exit %d, stderr %q", code, stderr)
	}
	copyEnv := validEnv(dir)
	copyEnv["AIMLATER_DB"] = dst
	if _, out, _ := runCLI(t, copyEnv, "export", "--format", "json"); !strings.Contains(out, "carousels win") {
		t.Errorf("the copy does not hold the data: %s", out)
	}
	code, _, stderr := runCLI(t, env, "backup", dst)
	if code != exitFailed || !strings.Contains(stderr, "already exists") {
		t.Errorf("second backup: exit %d, stderr %q; want 1 and already exists", code, stderr)
	}
	if code, _, _ := runCLI(t, env, "backup"); code != exitUsage {
		t.Errorf("backup without a file: exit %d, want 2", code)
	}
}
