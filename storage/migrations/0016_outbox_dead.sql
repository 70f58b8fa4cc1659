-- Dead messages (given up on, kept until pruned) by kind, for the metrics
-- scrape (OutboxCounts): without it, counting them scanned every row the
-- outbox keeps, and each row's payload with it (~0.4 s for 20,000 sent
-- messages). A message dies once and is pruned once, so the index costs
-- the hot path nothing.
CREATE INDEX outbox_dead ON outbox (kind) WHERE dead_at IS NOT NULL AND sent_at IS NULL;
