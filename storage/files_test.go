//go:build unix

package storage

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestFilesAreOwnerOnly: under the common umask 022, every file of a
// database — the file, its -wal and -shm, the lock and a backup — is
// created 0600, not world-readable 0644.
func TestFilesAreOwnerOnly(t *testing.T) {
	old := syscall.Umask(0o022) // process-wide: no test here runs in parallel
	defer syscall.Umask(old)
	dir := t.TempDir()
	path := filepath.Join(dir, "aimlater.db")
	db, err := OpenExclusive(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	experimentIn(t, db, "running") // a write, so the -wal and -shm exist
	backup := filepath.Join(dir, "backup.db")
	if err := db.Backup(context.Background(), backup); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm", path + ".lock", backup} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Errorf("stat %s: %v", filepath.Base(p), err)
			continue
		}
		if got := fi.Mode().Perm(); got != 0o600 {
			t.Errorf("%s has mode %v, want -rw-------", filepath.Base(p), got)
		}
	}
}

// TestBackupRefusesURINames: VACUUM INTO reads "file:NAME" as a URI, so
// the name Backup checked was not the file SQLite wrote.
func TestBackupRefusesURINames(t *testing.T) {
	db := mustOpen(t)
	dir := t.TempDir()
	target := filepath.Join(dir, "copy.db")
	for _, name := range []string{"file:" + target, "FILE:" + target + "?mode=rwc"} {
		err := db.Backup(context.Background(), name)
		if err == nil || !strings.Contains(err.Error(), "not a \"file:\" URI") {
			t.Errorf("Backup(%q) = %v, want a refusal of the URI", name, err)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("Backup wrote %s; want nothing", entries[0].Name())
	}
}

// TestBackupWritesTheNameItChecked: a name SQLite could read specially,
// relative or with URI characters, is written where the checks looked.
func TestBackupWritesTheNameItChecked(t *testing.T) {
	db := mustOpen(t)
	dir := t.TempDir()
	t.Chdir(dir)
	for _, name := range []string{"plain.db", "odd?mode=memory#x.db", ":memory:"} {
		if err := db.Backup(context.Background(), name); err != nil {
			t.Errorf("Backup(%q): %v", name, err)
			continue
		}
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.Size() == 0 {
			t.Errorf("Backup(%q) left %v, %v; want the copy there", name, fi, err)
		}
	}
}
