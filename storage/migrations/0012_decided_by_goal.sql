-- The 90-day plan (and the digest's goal section) reads, for each open
-- goal, its decisions by verdict (the digest its keeps alone), the latest
-- few of each, and the experiments decided last with their metric, where
-- the latest value of the goal's metric is searched. These indexes hold a
-- goal's decided experiments by verdict, and by decision time, with every
-- column those reads need: a goal with a thousand decisions costs a range
-- of index entries, no rows, and a count of its keeps only its keeps.
CREATE INDEX experiments_decided_by_goal ON experiments (goal_id, decision, decided_at, number)
	WHERE decided_at IS NOT NULL AND goal_id IS NOT NULL;
CREATE INDEX experiments_decided_by_goal_time ON experiments (goal_id, decided_at, metric)
	WHERE decided_at IS NOT NULL AND goal_id IS NOT NULL;
