-- The digest reads a channel's open work and its recent history from indexes
-- alone. At 50,000 experiments in a channel, looking up each table row that a
-- narrower index points to costs more than the rest of the digest together:
-- the rows of a channel's running experiments and ideas lie scattered over
-- two years of pages. Each index below holds every column its query reads.

-- The look-back windows (launches, decisions) with the columns of their facts.
DROP INDEX experiments_by_channel_launched;
CREATE INDEX experiments_by_channel_launched ON experiments (team, channel, launched_at, created_at)
	WHERE launched_at IS NOT NULL;
DROP INDEX experiments_by_channel_decided;
CREATE INDEX experiments_by_channel_decided ON experiments (team, channel, decided_at, decision, launched_at, deadline)
	WHERE decided_at IS NOT NULL;

-- The fields the digest's rules read of running experiments (overdue,
-- quiet, aimless, unaligned, idle goals) and of ideas (stuck in planning).
CREATE INDEX experiments_running_digest ON experiments
	(team, channel, number, deadline, launched_at, goal_id, metric, target_value, target_percent)
	WHERE status = 'running';
CREATE INDEX experiments_ideas_digest ON experiments (team, channel, created_at, ice_i, ice_c, ice_e, number)
	WHERE status = 'idea';
