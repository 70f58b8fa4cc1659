-- The digest suggests the idea to launch next, and an idea that serves a
-- goal with nothing running comes first (experiments.NextIdea). It reads
-- the best idea of each goal: this index holds a channel's ideas by goal,
-- best ICE score first, then oldest, so each goal's best is one search
-- away however long the backlog.
CREATE INDEX experiments_ideas_by_goal ON experiments
	(team, channel, goal_id, (ice_i + ice_c + ice_e) DESC, created_at, number)
	WHERE status = 'idea';
