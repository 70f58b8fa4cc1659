-- experiments_fts is the memory of what was tried: a full-text index of
-- every experiment's title, hypothesis and learning, which tells a team
-- launching "Podcast sponsorship" that #12 was killed, and why, and which
-- `/exp learnings` searches.
--
-- It is an external-content FTS5 table: the text stays in experiments
-- alone, and the index holds only the tokens, keyed by experiments.id.
-- Team, channel and status are not columns of the index: a search joins
-- back to experiments for them, so a search never crosses channels.
-- unicode61 with remove_diacritics 2 folds case and accents, so "cafe"
-- finds "Café"; it splits on everything but letters and digits.
CREATE VIRTUAL TABLE experiments_fts USING fts5(
	title, hypothesis, learning,
	content = 'experiments', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2'
);

-- The triggers keep the index in step with every path that writes an
-- experiment (create, edit, learn, undo, delete, seed). An external-content
-- index forgets a row only when told the very text it indexed, so the
-- delete passes the old values. saveExperiment writes every column, so the
-- update trigger skips a save that changed none of the indexed ones (a
-- launch, a decision without a learning).
CREATE TRIGGER experiments_fts_insert AFTER INSERT ON experiments BEGIN
	INSERT INTO experiments_fts (rowid, title, hypothesis, learning)
	VALUES (new.id, new.title, new.hypothesis, new.learning);
END;

CREATE TRIGGER experiments_fts_delete AFTER DELETE ON experiments BEGIN
	INSERT INTO experiments_fts (experiments_fts, rowid, title, hypothesis, learning)
	VALUES ('delete', old.id, old.title, old.hypothesis, old.learning);
END;

CREATE TRIGGER experiments_fts_update AFTER UPDATE OF title, hypothesis, learning ON experiments
WHEN old.title IS NOT new.title OR old.hypothesis IS NOT new.hypothesis OR old.learning IS NOT new.learning
BEGIN
	INSERT INTO experiments_fts (experiments_fts, rowid, title, hypothesis, learning)
	VALUES ('delete', old.id, old.title, old.hypothesis, old.learning);
	INSERT INTO experiments_fts (rowid, title, hypothesis, learning)
	VALUES (new.id, new.title, new.hypothesis, new.learning);
END;

-- The experiments stored before this migration.
INSERT INTO experiments_fts (experiments_fts) VALUES ('rebuild');
