-- A goal measures the team's own number (subscribers, MRR, demos): each
-- `goal log G1 4300 [note]` is a row of goal_values, who logged it and when
-- (Unix milliseconds). The first value is the goal's start unless
-- goals.start_value says otherwise (`goal edit G1 start:3000`, NULL when
-- never set). An experiment's check-ins no longer stand in for the goal's
-- value.
CREATE TABLE goal_values (
	id      INTEGER PRIMARY KEY,
	goal_id INTEGER NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
	value   REAL    NOT NULL,
	note    TEXT    NOT NULL DEFAULT '',
	author  TEXT    NOT NULL,
	at      INTEGER NOT NULL
) STRICT;

-- A goal's values in the one order every "latest" and "first" reads: by
-- at, then id, so two values logged in the same millisecond still have one
-- latest, whatever the channel's zone.
CREATE INDEX goal_values_by_goal_at ON goal_values (goal_id, at, id);

ALTER TABLE goals ADD COLUMN start_value REAL;
