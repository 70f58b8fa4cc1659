-- Levers: the growth lever an experiment pulls (acquisition, activation,
-- … see experiments.ParseLever), lower case, '' for none; and a channel's
-- own list of levers, comma-separated in its order, '' for the default
-- (AARRR, experiments.DefaultLevers).
ALTER TABLE experiments ADD COLUMN lever TEXT NOT NULL DEFAULT '';
ALTER TABLE channel_settings ADD COLUMN levers TEXT NOT NULL DEFAULT '';

-- The digest and stats break the 90 days' launches and decisions down by
-- lever (experiments.LeverStats) from the same look-back queries, which
-- read these indexes alone (see 0002): each now holds the lever too.
DROP INDEX experiments_by_channel_launched;
CREATE INDEX experiments_by_channel_launched ON experiments (team, channel, launched_at, created_at, lever)
	WHERE launched_at IS NOT NULL;
DROP INDEX experiments_by_channel_decided;
CREATE INDEX experiments_by_channel_decided ON experiments (team, channel, decided_at, decision, launched_at, deadline, lever)
	WHERE decided_at IS NOT NULL;
