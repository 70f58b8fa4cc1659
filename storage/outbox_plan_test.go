package storage

import (
	"strings"
	"testing"
)

// TestOutboxQueryPlans checks with EXPLAIN QUERY PLAN that the sender's
// queries walk the queue-heads index, one search per queue, and never
// scan the outbox: their cost is the number of queues, not the backlog.
func TestOutboxQueryPlans(t *testing.T) {
	db := mustOpen(t)
	fillOutbox(t, db, 200, 3)
	if _, err := db.rw.Exec(`ANALYZE`); err != nil {
		t.Fatal(err)
	}
	for name, query := range map[string]string{"due heads": dueHeadsQuery, "next due": nextDueQuery} {
		plan := queryPlan(t, db, query)
		searches := strings.Count(plan, "USING INDEX outbox_queue_heads (team")
		if searches != 3 || strings.Contains(plan, "SCAN outbox") || strings.Contains(plan, "SCAN next") {
			t.Errorf("%s: plan\n%s\nwant three searches of outbox_queue_heads by team and no scan of the outbox", name, plan)
		}
	}
}
