package storage

import (
	"errors"
	"path/filepath"
	"testing"
)

func TestOpenExclusiveKeepsASecondProcessOut(t *testing.T) {
	path := filepath.Join(t.TempDir(), "aimlater.db")
	first, err := OpenExclusive(path)
	if err != nil {
		t.Fatal(err)
	}
	if second, err := OpenExclusive(path); !errors.Is(err, ErrInUse) {
		if second != nil {
			second.Close()
		}
		t.Fatalf("second OpenExclusive = %v, want ErrInUse", err)
	}
	// Readers that send nothing (export, backup) may still open it.
	reader, err := Open(path)
	if err != nil {
		t.Fatalf("Open beside the holder: %v", err)
	}
	reader.Close()
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := OpenExclusive(path)
	if err != nil {
		t.Fatalf("OpenExclusive after Close = %v, want the lock free", err)
	}
	again.Close()
}
