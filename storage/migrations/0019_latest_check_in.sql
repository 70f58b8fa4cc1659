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

-- check_in_marks is the recomputation, in one place: each experiment's
-- latest check-in by (at, id), and its first with a value. Each of the
-- backfill and the three triggers reads it for the experiments it touches.
-- INDEXED BY joins the index entries themselves, which hold every column
-- read: matched by id, the planner would look each row up in the table.
CREATE VIEW check_in_marks AS
SELECT e.id AS experiment_id, l.at AS last_at, l.on_track AS last_on_track, l.value AS last_value,
	f.at AS first_value_at, f.value AS first_value
FROM experiments e
LEFT JOIN check_ins l INDEXED BY check_ins_by_experiment_at ON l.experiment_id = e.id
	AND (l.at, l.id) = (SELECT c.at, c.id FROM check_ins c WHERE c.experiment_id = e.id ORDER BY c.at DESC, c.id DESC LIMIT 1)
LEFT JOIN check_ins f INDEXED BY check_ins_by_experiment_at ON f.experiment_id = e.id
	AND (f.at, f.id) = (SELECT c.at, c.id FROM check_ins c WHERE c.experiment_id = e.id AND c.value IS NOT NULL
		ORDER BY c.at, c.id LIMIT 1);

UPDATE experiments SET (last_at, last_on_track, last_value, first_value_at, first_value) =
	(SELECT last_at, last_on_track, last_value, first_value_at, first_value FROM check_in_marks WHERE experiment_id = experiments.id)
WHERE id IN (SELECT experiment_id FROM check_ins);

CREATE TRIGGER check_ins_latest_insert AFTER INSERT ON check_ins BEGIN
	UPDATE experiments SET (last_at, last_on_track, last_value, first_value_at, first_value) =
		(SELECT last_at, last_on_track, last_value, first_value_at, first_value FROM check_in_marks WHERE experiment_id = experiments.id)
	WHERE id = new.experiment_id;
END;

CREATE TRIGGER check_ins_latest_delete AFTER DELETE ON check_ins BEGIN
	UPDATE experiments SET (last_at, last_on_track, last_value, first_value_at, first_value) =
		(SELECT last_at, last_on_track, last_value, first_value_at, first_value FROM check_in_marks WHERE experiment_id = experiments.id)
	WHERE id = old.experiment_id;
END;

CREATE TRIGGER check_ins_latest_update AFTER UPDATE OF experiment_id, at, on_track, value ON check_ins BEGIN
	UPDATE experiments SET (last_at, last_on_track, last_value, first_value_at, first_value) =
		(SELECT last_at, last_on_track, last_value, first_value_at, first_value FROM check_in_marks WHERE experiment_id = experiments.id)
	WHERE id IN (old.experiment_id, new.experiment_id);
END;

-- The digest reads its running experiments from this index alone (0002);
-- it now holds the latest check-in and first value too.
DROP INDEX experiments_running_digest;
CREATE INDEX experiments_running_digest ON experiments
	(team, channel, number, deadline, launched_at, goal_id, metric, target_value, target_percent,
	 last_at, last_on_track, last_value, first_value_at, first_value)
	WHERE status = 'running';
