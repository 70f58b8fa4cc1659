package storage

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
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

func TestOpenExclusiveVoidsLeasesLeftByACrash(t *testing.T) {
	path := filepath.Join(t.TempDir(), "aimlater.db")
	ctx := context.Background()
	db := mustOpenAt(t, path)
	if err := db.EnqueueMessages(ctx, experiments.OutboxMessage{Team: "T1", Channel: "C1", Kind: "post", Payload: []byte(`{}`)}); err != nil {
		t.Fatal(err)
	}
	if ok, err := db.Claim(ctx, 1, t0, t0.Add(2*time.Minute)); err != nil || !ok {
		t.Fatalf("Claim = %v, %v", ok, err)
	}
	db.Close() // the sender died holding the lease

	again, err := OpenExclusive(path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	due, err := again.DueHeads(ctx, t0.Add(time.Second), 10)
	if err != nil || len(due) != 1 {
		t.Fatalf("due after the restart = %d, %v; want the message at once, not after its lease", len(due), err)
	}
	if due[0].InFlightSince.IsZero() {
		t.Error("the in-flight mark was lost: the message would be posted without a look-up")
	}
}
