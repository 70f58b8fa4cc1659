package storage

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

// migrationFiles holds the schema as numbered steps, 0001_init.sql first.
// A released file is never edited: a change is a new file.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one numbered schema step.
type migration struct {
	version int
	name    string
	sql     string
}

// migrate applies, in order, every migration not recorded in the
// migrations table, each in its own transaction with its record, so a
// failed step leaves the schema at the step before it.
func (db *DB) migrate(ctx context.Context) error {
	const create = `CREATE TABLE IF NOT EXISTS migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT    NOT NULL,
		applied_at INTEGER NOT NULL
	) STRICT`
	if _, err := db.rw.ExecContext(ctx, create); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	steps, err := loadMigrations(migrationFiles)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, m := range steps {
		op := fmt.Sprintf("migrate %s", m.name)
		if err := db.write(ctx, op, func(tx *sql.Tx) error { return db.applyMigration(ctx, tx, m) }); err != nil {
			return err
		}
	}
	return nil
}

// applyMigration runs m unless it is recorded already. The check is inside
// the (immediate) transaction, so two processes opening a new file at once
// cannot both apply it.
func (db *DB) applyMigration(ctx context.Context, tx *sql.Tx, m migration) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM migrations WHERE version = ?`, m.version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.version, m.name, toMillis(db.now()))
	return err
}

// loadMigrations reads the .sql files of fsys, numbered by the digits before
// the first underscore, sorted by number; two files with one number are an
// error.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var steps []migration
	seen := map[int]string{}
	for _, path := range names {
		name := strings.TrimPrefix(path, "migrations/")
		digits, _, _ := strings.Cut(name, "_")
		version, err := strconv.Atoi(digits)
		if err != nil || version <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with a positive number, e.g. 0002_add_x.sql", name)
		}
		if other, ok := seen[version]; ok {
			return nil, fmt.Errorf("migrations %s and %s share number %d", other, name, version)
		}
		seen[version] = name
		body, err := fs.ReadFile(fsys, path)
		if err != nil {
			return nil, err
		}
		steps = append(steps, migration{version: version, name: name, sql: string(body)})
	}
	sort.Slice(steps, func(i, j int) bool { return steps[i].version < steps[j].version })
	return steps, nil
}

// SchemaVersion returns the number of the latest applied migration.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.read(ctx, "schema version", func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM migrations`).Scan(&v)
	})
	return v, err
}
