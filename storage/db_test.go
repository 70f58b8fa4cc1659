package storage

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// t0 is the pinned "now" of the tests.
var t0 = time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)

// mustOpen opens a fresh database in a temporary directory with the clock
// pinned at t0, and closes it when the test ends.
func mustOpen(tb testing.TB) *DB {
	tb.Helper()
	return mustOpenAt(tb, freshPath(tb))
}

func mustOpenAt(tb testing.TB, path string) *DB {
	tb.Helper()
	db, err := Open(path)
	if err != nil {
		tb.Fatalf("Open(%q): %v", path, err)
	}
	db.Now = func() time.Time { return t0 }
	tb.Cleanup(func() { db.Close() })
	return db
}

// setNow pins the clock of db at t.
func setNow(db *DB, t time.Time) { db.Now = func() time.Time { return t } }

// count runs a COUNT query directly, outside the API under test.
func count(tb testing.TB, db *DB, query string, args ...any) int {
	tb.Helper()
	var n int
	if err := db.ro.QueryRow(query, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return n
}

// wantCode fails the test unless err carries the domain code want ("" for
// no error).
func wantCode(tb testing.TB, err error, want string) {
	tb.Helper()
	if got := experiments.ErrorCode(err); got != want {
		tb.Fatalf("error code = %q (err %v), want %q", got, err, want)
	}
}

func ptr[T any](v T) *T { return &v }

func mkdir(dir string) error { return os.MkdirAll(dir, 0o755) }

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func TestOpenMissingDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nope")
	_, err := Open(filepath.Join(dir, "aimlater.db"))
	if err == nil || !strings.Contains(err.Error(), dir) {
		t.Fatalf("Open in a missing directory: err = %v, want one naming %s", err, dir)
	}
}

// TestOpenExistingCreatesNothing: a command that reads a database, run in
// the wrong folder, reports ErrNoDatabase and leaves no empty file behind.
func TestOpenExistingCreatesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "aimlater.db")
	if db, err := OpenExisting(path); !errors.Is(err, ErrNoDatabase) {
		if db != nil {
			db.Close()
		}
		t.Fatalf("OpenExisting of a missing file = %v, want ErrNoDatabase", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("OpenExisting left a file behind: %v", err)
	}
	mustOpenAt(t, path).Close()
	db, err := OpenExisting(path)
	if err != nil {
		t.Fatalf("OpenExisting of an existing database: %v", err)
	}
	db.Close()
}

func TestOpenPathWithQueryCharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "odd?name#1 %20")
	if err := mkdir(dir); err != nil {
		t.Fatal(err)
	}
	db := mustOpenAt(t, filepath.Join(dir, "a.db"))
	if _, err := db.SchemaVersion(context.Background()); err != nil {
		t.Fatalf("SchemaVersion: %v", err)
	}
	if !fileExists(filepath.Join(dir, "a.db")) {
		t.Fatalf("database not created at the given path in %q", dir)
	}
}

// TestPragmasOnEveryConnection holds several pooled connections at once and
// checks each got the DSN's pragmas, not only the first.
func TestPragmasOnEveryConnection(t *testing.T) {
	db := mustOpen(t)
	want := map[string]string{
		"busy_timeout": "10000", "journal_mode": "wal", "foreign_keys": "1", "synchronous": "2",
	}
	pools := []struct {
		name      string
		pool      *sql.DB
		conns     int
		queryOnly string
		mmapSize  string // only the bulk readers map the file (see bulkParams)
		tempStore string // only the writer keeps its savepoints' journal in memory
	}{
		{"writer", db.rw, 1, "0", "0", "2"},
		{"readers", db.ro, 4, "1", "0", "0"},
		{"bulk readers", db.bulk, bulkConns, "1", "268435456", "0"},
	}
	for _, p := range pools {
		for i := range p.conns {
			conn, err := p.pool.Conn(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			want["query_only"], want["mmap_size"], want["temp_store"] = p.queryOnly, p.mmapSize, p.tempStore
			for pragma, w := range want {
				if got := pragmaValue(t, conn, pragma); got != w {
					t.Errorf("%s connection %d: PRAGMA %s = %s, want %s", p.name, i, pragma, got, w)
				}
			}
		}
	}
}

func pragmaValue(tb testing.TB, conn *sql.Conn, pragma string) string {
	tb.Helper()
	var v string
	if err := conn.QueryRowContext(context.Background(), "PRAGMA "+pragma).Scan(&v); err != nil {
		tb.Fatalf("PRAGMA %s: %v", pragma, err)
	}
	return v
}

func TestReadPoolRefusesWrites(t *testing.T) {
	db := mustOpen(t)
	err := db.read(context.Background(), "sneaky write", func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO seen_keys (key, seen_at) VALUES ('k', 1)`)
		return err
	})
	if err == nil {
		t.Fatal("a write through the read pool succeeded, want an error")
	}
}

func TestMigrationsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "aimlater.db")
	ctx := context.Background()
	first := mustOpenAt(t, path)
	v1, err := first.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	first.Close()
	second := mustOpenAt(t, path)
	v2, err := second.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	steps, _ := loadMigrations(migrationFiles)
	if v1 != v2 || v2 != steps[len(steps)-1].version {
		t.Errorf("SchemaVersion = %d then %d, want %d both times", v1, v2, steps[len(steps)-1].version)
	}
	if got := count(t, second, `SELECT COUNT(*) FROM migrations`); got != len(steps) {
		t.Errorf("migrations rows = %d, want %d", got, len(steps))
	}
}

func TestLoadMigrationsRejectsBadNames(t *testing.T) {
	tests := []struct {
		name  string
		files []string
	}{
		{"no number", []string{"migrations/init.sql"}},
		{"zero", []string{"migrations/0000_init.sql"}},
		{"duplicate number", []string{"migrations/0001_a.sql", "migrations/001_b.sql"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for _, f := range tt.files {
				fsys[f] = &fstest.MapFile{Data: []byte("SELECT 1;")}
			}
			if _, err := loadMigrations(fsys); err == nil {
				t.Errorf("loadMigrations(%v) = nil error, want one", tt.files)
			}
		})
	}
}

func TestLoadMigrationsSortsByNumber(t *testing.T) {
	fsys := fstest.MapFS{
		"migrations/0010_c.sql": {Data: []byte("c")},
		"migrations/0002_b.sql": {Data: []byte("b")},
		"migrations/0001_a.sql": {Data: []byte("a")},
	}
	steps, err := loadMigrations(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, s := range steps {
		got = append(got, s.version)
	}
	if want := []int{1, 2, 10}; !reflect.DeepEqual(got, want) {
		t.Errorf("versions = %v, want %v", got, want)
	}
}

// TestReopenKeepsEverything closes the database and opens it again.
func TestReopenKeepsEverything(t *testing.T) {
	path := filepath.Join(t.TempDir(), "aimlater.db")
	ctx := context.Background()
	db := mustOpenAt(t, path)
	g := experiments.Goal{Team: "T1", Channel: "C1", Title: "Grow", Target: experiments.Target{Value: 10, Percent: true}}
	if err := db.CreateGoal(ctx, &g, nil); err != nil {
		t.Fatal(err)
	}
	e := fullExperiment(g.ID)
	e.Status = experiments.StatusRunning
	mustCreate(t, db, &e)
	e, err := db.AddCheckIn(ctx, "T1", e.Number, &experiments.CheckIn{Author: "U1", Note: "fine", OnTrack: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	settings := experiments.ChannelSettings{Team: "T1", Channel: "C1", TimeZone: "Europe/Paris", QuietAfterDays: 3, IdeaStaleDays: 5, ExperimentDays: 7, TempoTarget: 2}
	if err := db.SaveChannelSettings(ctx, settings); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	again := mustOpenAt(t, path)
	gotE, err := again.FindExperiment(ctx, "T1", e.Number)
	if err != nil || !reflect.DeepEqual(gotE, e) {
		t.Errorf("after reopen FindExperiment = %+v, %v\nwant %+v", gotE, err, e)
	}
	gotG, err := again.FindGoal(ctx, "T1", g.Number)
	if err != nil || !reflect.DeepEqual(gotG, g) {
		t.Errorf("after reopen FindGoal = %+v, %v\nwant %+v", gotG, err, g)
	}
	gotS, err := again.ChannelSettings(ctx, "T1", "C1")
	if err != nil || !reflect.DeepEqual(gotS, settings) {
		t.Errorf("after reopen ChannelSettings = %+v, %v\nwant %+v", gotS, err, settings)
	}
}

func TestWrapKeepsDomainErrorsAndWrapsOthers(t *testing.T) {
	domain := experiments.Errorf(experiments.ECONFLICT, "no")
	if got := wrap("op", domain); got != error(domain) {
		t.Errorf("wrap(domain) = %v, want it unchanged", got)
	}
	inner := errors.New("disk on fire")
	got := wrap("save thing", inner)
	if !errors.Is(got, inner) || got.Error() != "save thing: disk on fire" {
		t.Errorf("wrap(internal) = %q, want %q wrapping the original", got, "save thing: disk on fire")
	}
}
