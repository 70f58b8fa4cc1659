package storage

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// Backup writes a consistent copy of the live database to path with VACUUM
// INTO: a compact file taken from one snapshot, while the bot keeps writing.
// It refuses to overwrite: path must not exist. The copy is synced to disk
// before Backup returns.
func (db *DB) Backup(ctx context.Context, path string) error {
	if path == "" {
		return errors.New("backup: no path given")
	}
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("backup: %s already exists; choose a new file", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup %s: %w", path, err)
	}
	// VACUUM cannot run inside a transaction; it is its own read snapshot.
	// It runs on the writer connection because the readers are query_only,
	// which refuses VACUUM INTO; this process's writes wait meanwhile, for
	// well under a second at the size of a team's experiments.
	if _, err := db.rw.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("backup %s: %w", path, err)
	}
	if err := syncFile(path); err != nil {
		return fmt.Errorf("backup %s: %w", path, err)
	}
	return nil
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
