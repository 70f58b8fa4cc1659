package main

import (
	"testing"

	"github.com/aimlater/aimlater/bot/outbox/outboxtest"
)

// TestStorageOutboxConformance checks the database's outbox against the
// rules the sender relies on, the same suite as the in-memory one: this
// package alone knows both storage and the outbox.
func TestStorageOutboxConformance(t *testing.T) {
	outboxtest.Run(t, func(t *testing.T) outboxtest.Store {
		db := openStore(t, newDB(t))
		t.Cleanup(func() { db.Close() })
		return db
	})
}
