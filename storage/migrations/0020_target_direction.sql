-- A target says which way is better: target_at_most marks an absolute
-- target where lower is better (`target:<50`, at most 50), as for a cost
-- per acquisition or a bounce rate. 0 is "at least", as every target read
-- before this migration.
ALTER TABLE experiments ADD COLUMN target_at_most INTEGER NOT NULL DEFAULT 0 CHECK (target_at_most IN (0, 1));
ALTER TABLE goals ADD COLUMN target_at_most INTEGER NOT NULL DEFAULT 0 CHECK (target_at_most IN (0, 1));

-- The digest reads its running experiments from this index alone (0002,
-- 0019): it now holds the direction too.
DROP INDEX experiments_running_digest;
CREATE INDEX experiments_running_digest ON experiments
	(team, channel, number, deadline, launched_at, goal_id, metric, target_value, target_percent, target_at_most,
	 last_at, last_on_track, last_value, first_value_at, first_value)
	WHERE status = 'running';
