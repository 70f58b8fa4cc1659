-- The outbox learns who caused each message and how to reach them, and how
-- far the sender got with it.
--
-- actor and reply_url come from the request that queued the message (see
-- experiments.Delivery): when Slack refuses the message (the bot is not in
-- a private channel, say), the sender tells the actor through the reply
-- URL while Slack honours it, else in a direct message.
--
-- in_flight_since is set when an attempt starts and cleared when its
-- outcome is recorded: a pending message found in flight was interrupted
-- mid-call, may already be in Slack, and is looked up there before it is
-- sent again. lease_until keeps a claimed message from every other sender
-- on the database until then.
ALTER TABLE outbox ADD COLUMN actor TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN reply_url TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN in_flight_since INTEGER;
ALTER TABLE outbox ADD COLUMN lease_until INTEGER;
