-- The sender reads one message per queue (a team's channel), its oldest
-- pending one. This index holds the pending messages in queue order, so
-- each head is one search away and the next queue one more: finding the
-- heads costs the number of queues, never the backlog behind them (10,000
-- messages in one channel cost what one does).
CREATE INDEX outbox_queue_heads ON outbox (team, channel, id) WHERE sent_at IS NULL AND dead_at IS NULL;
