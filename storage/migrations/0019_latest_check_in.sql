-- Each experiment carries what the check-ins' index says of its latest
-- check-in (time, mark, value) and of its first value (with its time), the
-- baseline of a relative target. The digest and the check-in round read
-- these for every running experiment of a channel; through the index that
-- was a correlated search per experiment (two in the round), a cursor
-- opened and closed a row: most of their reads' cost. Triggers on
-- check_ins keep the columns: each recomputes them from the index for the
-- experiment it touches, so they hold whatever order check-ins come in,
-- and TestLatestCheckInColumnsFollowTheCheckIns checks them against a
-- recomputation after inserts, deletes, edits and a deleted experiment.
ALTER TABLE experiments ADD COLUMN last_at INTEGER;
ALTER TABLE experiments ADD COLUMN last_on_track INTEGER;
ALTER TABLE experiments ADD COLUMN last_value REAL;
ALTER TABLE experiments ADD COLUMN first_value_at INTEGER;
ALTER TABLE experiments ADD COLUMN first_value REAL;

-- The recomputation, the same in the backfill and the three triggers
-- (SQL has no function to share it): the latest check-in by (at, id), and
-- the first with a value.
UPDATE experiments SET
	(last_at, last_on_track, last_value) = (SELECT c.at, c.on_track, c.value FROM check_ins c
		WHERE c.experiment_id = experiments.id ORDER BY c.at DESC, c.id DESC LIMIT 1),
	(first_value_at, first_value) = (SELECT c.at, c.value FROM check_ins c
		WHERE c.experiment_id = experiments.id AND c.value IS NOT NULL ORDER BY c.at, c.id LIMIT 1)
WHERE id IN (SELECT experiment_id FROM check_ins);

CREATE TRIGGER check_ins_latest_insert AFTER INSERT ON check_ins BEGIN
	UPDATE experiments SET
		(last_at, last_on_track, last_value) = (SELECT c.at, c.on_track, c.value FROM check_ins c
			WHERE c.experiment_id = experiments.id ORDER BY c.at DESC, c.id DESC LIMIT 1),
		(first_value_at, first_value) = (SELECT c.at, c.value FROM check_ins c
			WHERE c.experiment_id = experiments.id AND c.value IS NOT NULL ORDER BY c.at, c.id LIMIT 1)
	WHERE id = new.experiment_id;
END;

CREATE TRIGGER check_ins_latest_delete AFTER DELETE ON check_ins BEGIN
	UPDATE experiments SET
		(last_at, last_on_track, last_value) = (SELECT c.at, c.on_track, c.value FROM check_ins c
			WHERE c.experiment_id = experiments.id ORDER BY c.at DESC, c.id DESC LIMIT 1),
		(first_value_at, first_value) = (SELECT c.at, c.value FROM check_ins c
			WHERE c.experiment_id = experiments.id AND c.value IS NOT NULL ORDER BY c.at, c.id LIMIT 1)
	WHERE id = old.experiment_id;
END;

CREATE TRIGGER check_ins_latest_update AFTER UPDATE OF experiment_id, at, on_track, value ON check_ins BEGIN
	UPDATE experiments SET
		(last_at, last_on_track, last_value) = (SELECT c.at, c.on_track, c.value FROM check_ins c
			WHERE c.experiment_id = experiments.id ORDER BY c.at DESC, c.id DESC LIMIT 1),
		(first_value_at, first_value) = (SELECT c.at, c.value FROM check_ins c
			WHERE c.experiment_id = experiments.id AND c.value IS NOT NULL ORDER BY c.at, c.id LIMIT 1)
	WHERE id IN (old.experiment_id, new.experiment_id);
END;

-- The digest reads its running experiments from this index alone (0002);
-- it now holds the latest check-in and first value too.
DROP INDEX experiments_running_digest;
CREATE INDEX experiments_running_digest ON experiments
	(team, channel, number, deadline, launched_at, goal_id, metric, target_value, target_percent,
	 last_at, last_on_track, last_value, first_value_at, first_value)
	WHERE status = 'running';
