-- idea_skips records "Not now" on an idea, per person: `/exp next` leaves
-- the idea out for them for a week after at (experiments.IdeaSkip), and for
-- no one else. Skipping again moves at. A row goes with its experiment.
-- at is Unix milliseconds.
CREATE TABLE idea_skips (
	team          TEXT    NOT NULL,
	user          TEXT    NOT NULL,
	experiment_id INTEGER NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
	at            INTEGER NOT NULL,
	PRIMARY KEY (team, user, experiment_id)
) STRICT, WITHOUT ROWID;

-- Foreign keys are checked on delete of the parent row: index the children.
CREATE INDEX idea_skips_by_experiment ON idea_skips (experiment_id);
