package storage

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/aimlater/aimlater/request"
)

// mustOpenExclusive opens a database in tb's temp dir as serve does, with
// the lock that turns on the key filter and the settings cache.
func mustOpenExclusive(tb testing.TB) *DB {
	tb.Helper()
	return mustOpenExclusiveAt(tb, freshPath(tb))
}

func mustOpenExclusiveAt(tb testing.TB, path string) *DB {
	tb.Helper()
	db, err := OpenExclusive(path)
	if err != nil {
		tb.Fatalf("OpenExclusive(%q): %v", path, err)
	}
	setNow(db, t0)
	tb.Cleanup(func() { db.Close() })
	return db
}

// TestHandledFilter checks Handled through the key filter: keys stored
// before the process started (the filter loads them), keys stored since,
// keys never stored, and a filter that never says "not stored" for a
// stored key over many keys.
func TestHandledFilter(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "aimlater.db")
	before := mustOpenExclusiveAt(t, path)
	storeKeysAt(t, before, t0, "envelope:old", "trigger:old")
	before.Close()

	db := mustOpenExclusiveAt(t, path)
	handled := func(want bool, keys ...string) {
		t.Helper()
		if got, err := db.Handled(ctx, keys); err != nil || got != want {
			t.Errorf("Handled(%q) = %v, %v; want %v", keys, got, err, want)
		}
	}
	handled(true, "envelope:old")
	handled(true, "envelope:new", "trigger:old")
	handled(false, "envelope:new")
	storeKeysAt(t, db, t0, "envelope:new")
	handled(true, "envelope:new")

	var keys []string
	for i := range 2000 {
		keys = append(keys, fmt.Sprintf("envelope:E%05d", i))
	}
	storeKeysAt(t, db, t0, keys...)
	for _, k := range keys {
		if !db.keys.mayHold(k) {
			t.Fatalf("filter says %q is not stored", k)
		}
	}
	missed := 0
	for i := range 2000 {
		if db.keys.mayHold(fmt.Sprintf("trigger:X%05d", i)) {
			missed++
		}
	}
	if missed > 20 { // ~0 expected at a few thousand keys
		t.Errorf("%d of 2000 keys never stored may be stored, want at most 20", missed)
	}
}

// TestHandledFilterConcurrent stores keys while other goroutines ask
// Handled, the first asking before the filter is loaded: once a write has
// returned, its key is handled. Run with -race.
func TestHandledFilterConcurrent(t *testing.T) {
	ctx := context.Background()
	db := mustOpenExclusive(t)
	const writers, each = 8, 20
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				key := fmt.Sprintf("envelope:W%d-%d", w, i)
				if seen, err := db.Handled(ctx, []string{key}); err != nil || seen {
					errs <- fmt.Errorf("Handled(%s) before its write = %v, %v", key, seen, err)
				}
				d := &request.Delivery{Keys: []string{key}}
				if err := db.SetAway(request.WithDelivery(ctx, d), "T1", fmt.Sprintf("U%d", w), t0); err != nil {
					errs <- err
				}
				if seen, err := db.Handled(ctx, []string{key}); err != nil || !seen {
					errs <- fmt.Errorf("Handled(%s) after its write = %v, %v", key, seen, err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
