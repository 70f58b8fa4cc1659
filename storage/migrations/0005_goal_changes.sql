-- A goal records who changed it last: who closed it, when and why (the
-- note announced with it), who reopened it and when, who edited it and
-- when. Times are Unix milliseconds, NULL when it never happened; reopening
-- clears the closing.
ALTER TABLE goals ADD COLUMN closed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE goals ADD COLUMN closed_at INTEGER;
ALTER TABLE goals ADD COLUMN closed_note TEXT NOT NULL DEFAULT '';
ALTER TABLE goals ADD COLUMN reopened_by TEXT NOT NULL DEFAULT '';
ALTER TABLE goals ADD COLUMN reopened_at INTEGER;
ALTER TABLE goals ADD COLUMN edited_by TEXT NOT NULL DEFAULT '';
ALTER TABLE goals ADD COLUMN edited_at INTEGER;

-- Closed goals of a channel, latest first, for `goals`.
CREATE INDEX goals_closed_by_channel ON goals (team, channel, closed_at) WHERE closed = 1;
