package storage

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ErrURIName reports a backup file name that SQLite would read as a URI.
var ErrURIName = errors.New(`a file name, not a "file:" URI`)

// Backup writes a consistent copy of the live database to path with VACUUM
// INTO: a compact file taken from one snapshot, while the bot keeps writing.
// It refuses to overwrite: path must not exist. The copy is the owner's
// alone (fileMode) and synced to disk before Backup returns.
func (db *DB) Backup(ctx context.Context, path string) error {
	abs, err := backupPath(path)
	if err != nil {
		return fmt.Errorf("backup %s: %w", path, err)
	}
	if err := db.vacuumInto(ctx, abs); err != nil {
		os.Remove(abs) // the empty or partial file made for it
		return fmt.Errorf("backup %s: %w", path, err)
	}
	return nil
}

// backupPath checks path and creates it, empty and with fileMode, for
// VACUUM INTO to fill: SQLite takes an empty file as a new database and
// keeps its mode. Creating it exclusively is the check that it did not
// exist, with no gap before the write. The result is absolute: on a
// connection opened with URI names, VACUUM INTO reads "file:NAME?…" as a
// URI, which would write another file than the one checked, and an
// absolute path never is one.
func backupPath(path string) (string, error) {
	if path == "" {
		return "", errors.New("no path given")
	}
	if strings.HasPrefix(strings.ToLower(path), "file:") {
		return "", ErrURIName
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	f, err := os.OpenFile(abs, os.O_WRONLY|os.O_CREATE|os.O_EXCL, fileMode)
	if errors.Is(err, fs.ErrExist) {
		return "", errors.New("it already exists; choose a new file")
	}
	if err != nil {
		return "", err
	}
	return abs, f.Close()
}

// vacuumInto writes the copy to the empty file abs and syncs it.
func (db *DB) vacuumInto(ctx context.Context, abs string) error {
	// VACUUM cannot run inside a transaction; it is its own read snapshot.
	// It runs on the writer connection because the readers are query_only,
	// which refuses VACUUM INTO; this process's writes wait meanwhile, for
	// well under a second at the size of a team's experiments.
	if _, err := db.rw.ExecContext(ctx, `VACUUM INTO ?`, abs); err != nil {
		return err
	}
	return syncFile(abs)
}

// syncFile flushes path to stable storage: VACUUM INTO does not, and a
// backup that a power cut can undo is not one.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
