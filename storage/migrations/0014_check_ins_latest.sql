-- The digest and the check-in round read each running experiment's latest
-- check-in (its time, mark and value) and, for a relative target, its first
-- value. With (experiment_id, at) alone each was an index search and then a
-- look-up of the row in the table, one random page of 500,000 check-ins per
-- experiment. This index holds what those reads need, in the order they
-- want it (latest by at, then id), so they read it alone. It keeps the
-- name of the index it widens, whose every use it serves.
DROP INDEX check_ins_by_experiment_at;
CREATE INDEX check_ins_by_experiment_at ON check_ins (experiment_id, at, id, on_track, value);
