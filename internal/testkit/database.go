package testkit

import (
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// DBTemplate is a database Open created and migrated once per test
// process, which Path copies for each test: about 4 ms instead of the
// 22 ms the migrations take, a few seconds of the fast loop.
type DBTemplate struct {
	Open func(path string) (io.Closer, error) // storage.Open
	once sync.Once
	data []byte
	err  error
}

// Path is the path of a fresh copy of the template in tb's temp dir.
func (d *DBTemplate) Path(tb testing.TB) string {
	tb.Helper()
	d.once.Do(func() { d.data, d.err = d.build() })
	if d.err != nil {
		tb.Fatalf("template database: %v", d.err)
	}
	path := filepath.Join(tb.TempDir(), "aimlater.db")
	if err := os.WriteFile(path, d.data, 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

func (d *DBTemplate) build() ([]byte, error) {
	dir, err := os.MkdirTemp("", "aimlater-template-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "aimlater.db")
	db, err := d.Open(path)
	if err != nil {
		return nil, err
	}
	if err := db.Close(); err != nil {
		return nil, err
	}
	return os.ReadFile(path) // Close checkpointed the WAL into the file
}
