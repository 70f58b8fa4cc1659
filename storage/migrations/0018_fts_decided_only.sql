-- The memory of what was tried holds decided experiments only: tried-before
-- and `learnings` search nothing else, and an index of every experiment
-- made each `new` walk all the channel's matching ideas and running
-- experiments to find the decided ones among them, a cost that grew with
-- the channel's history (BenchmarkThroughputBot/new: 0.4 → 2.7 ms).
--
-- The index's external content becomes a view of the decided experiments,
-- so FTS5's own integrity check still compares the index with what it
-- should hold. The triggers add a row when it is decided (or inserted
-- decided, as seeds and imports are), drop it when an undo takes the
-- decision back or it is deleted, and follow edits of a decided one.
DROP TRIGGER experiments_fts_insert;
DROP TRIGGER experiments_fts_delete;
DROP TRIGGER experiments_fts_update;
DROP TABLE experiments_fts;

CREATE VIEW decided_experiments AS
	SELECT id, title, hypothesis, learning FROM experiments WHERE status = 'decided';

CREATE VIRTUAL TABLE experiments_fts USING fts5(
	title, hypothesis, learning,
	content = 'decided_experiments', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER experiments_fts_insert AFTER INSERT ON experiments WHEN new.status = 'decided' BEGIN
	INSERT INTO experiments_fts (rowid, title, hypothesis, learning)
	VALUES (new.id, new.title, new.hypothesis, new.learning);
END;

CREATE TRIGGER experiments_fts_delete AFTER DELETE ON experiments WHEN old.status = 'decided' BEGIN
	INSERT INTO experiments_fts (experiments_fts, rowid, title, hypothesis, learning)
	VALUES ('delete', old.id, old.title, old.hypothesis, old.learning);
END;

-- An external-content index forgets a row only when told the very text it
-- indexed, so the delete passes the old values, and only for a row that
-- was indexed (decided before the update). saveExperiment writes every
-- column, so a save that changed neither the status nor the indexed text
-- (a lever or goal edit) is skipped.
CREATE TRIGGER experiments_fts_update AFTER UPDATE OF status, title, hypothesis, learning ON experiments
WHEN (old.status = 'decided' OR new.status = 'decided')
	AND (old.status IS NOT new.status OR old.title IS NOT new.title
		OR old.hypothesis IS NOT new.hypothesis OR old.learning IS NOT new.learning)
BEGIN
	INSERT INTO experiments_fts (experiments_fts, rowid, title, hypothesis, learning)
	SELECT 'delete', old.id, old.title, old.hypothesis, old.learning WHERE old.status = 'decided';
	INSERT INTO experiments_fts (rowid, title, hypothesis, learning)
	SELECT new.id, new.title, new.hypothesis, new.learning WHERE new.status = 'decided';
END;

INSERT INTO experiments_fts (experiments_fts) VALUES ('rebuild');
