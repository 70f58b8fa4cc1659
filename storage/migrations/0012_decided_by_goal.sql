-- The 90-day plan (and the digest's goal section) reads, for each open
-- goal, its decisions by verdict, the latest few of each, and the
-- experiments decided last with their metric, where the latest value of
-- the goal's metric is searched. This index holds a goal's decided
-- experiments by decision time with every column those reads need, so a
-- goal with a thousand decisions costs a range of index entries, no rows.
CREATE INDEX experiments_decided_by_goal ON experiments (goal_id, decided_at, decision, number, metric)
	WHERE decided_at IS NOT NULL AND goal_id IS NOT NULL;
