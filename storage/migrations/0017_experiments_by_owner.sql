-- The App Home shows one person their open work across the workspace's
-- channels: their running experiments and ideas, and the channels they work
-- in. This index finds a person's experiments of a status, and the channels
-- of all of them, without reading the rest of the team's.
CREATE INDEX IF NOT EXISTS experiments_by_owner ON experiments (team, owner, channel, status, created_at);
