package storage

import (
	"context"
	"hash/maphash"
	"sync"
)

// keyFilterBits is the size of the ledger's filter: 4 Mbit (512 KiB). With
// four probes a key, one in a hundred keys never stored still goes to the
// database at 200,000 keys stored since the process started, one in seven
// at a million; a false "maybe" costs only the read it would have made.
const (
	keyFilterBits   = 1 << 22
	keyFilterProbes = 4
)

// keyFilter is a Bloom filter of the idempotency keys in seen_keys, so
// that Handled answers a new request's keys — nearly every envelope's —
// without reading the database (13% of a `/exp new`'s CPU). It never
// answers "not stored" for a stored key:
//   - it is filled from seen_keys before its first answer (load), in one
//     snapshot, and every key a write unit inserts is added before the
//     unit's transaction commits (storeKeys), so a key committed before
//     the snapshot is in it, and one committed after was added first;
//   - it only gains bits: PruneKeys leaves them (a pruned key then costs a
//     read, as before);
//   - it is used only by the process holding OpenExclusive's lock, the one
//     process that writes the database; another handle's keys would not be
//     in it.
//
// "Maybe stored" goes to the database as before.
type keyFilter struct {
	mu     sync.Mutex
	seed   maphash.Seed
	bits   []uint64
	loaded bool
	loadMu sync.Mutex // one load at a time
}

// probes returns the bit positions of key: double hashing of one 64-bit
// hash. f.mu is held.
func (f *keyFilter) probes(key string) [keyFilterProbes]uint32 {
	if f.bits == nil {
		f.seed, f.bits = maphash.MakeSeed(), make([]uint64, keyFilterBits/64)
	}
	h := maphash.String(f.seed, key)
	h1, h2 := uint32(h), uint32(h>>32)|1
	var p [keyFilterProbes]uint32
	for i := range p {
		p[i] = (h1 + uint32(i)*h2) % keyFilterBits
	}
	return p
}

// add records key, as stored or about to be.
func (f *keyFilter) add(key string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, b := range f.probes(key) {
		f.bits[b/64] |= 1 << (b % 64)
	}
}

// mayHold reports whether key may be stored; false only when it is not.
// Before load it says true for every key.
func (f *keyFilter) mayHold(key string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.loaded {
		return true
	}
	for _, b := range f.probes(key) {
		if f.bits[b/64]&(1<<(b%64)) == 0 {
			return false
		}
	}
	return true
}

// isLoaded reports whether load has filled the filter.
func (f *keyFilter) isLoaded() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.loaded
}

// load adds every key of seen_keys, read by each (one snapshot), and
// makes the filter answer. Keys added meanwhile by write units stay.
func (f *keyFilter) load(each func(add func(string)) error) error {
	f.loadMu.Lock()
	defer f.loadMu.Unlock()
	if f.isLoaded() {
		return nil
	}
	if err := each(f.add); err != nil {
		return err
	}
	f.mu.Lock()
	f.loaded = true
	f.mu.Unlock()
	return nil
}

// loadKeys fills db's key filter from seen_keys.
func (db *DB) loadKeys(ctx context.Context) error {
	return db.keys.load(func(add func(string)) error {
		rows, err := db.bulk.QueryContext(ctx, `SELECT key FROM seen_keys`)
		if err != nil {
			return err
		}
		defer rows.Close()
		var key string
		for rows.Next() {
			if err := rows.Scan(&key); err != nil {
				return err
			}
			add(key)
		}
		return rows.Err()
	})
}
