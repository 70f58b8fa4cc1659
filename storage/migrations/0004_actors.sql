-- Who acted on an experiment, not only who owns it: anyone in the channel
-- may launch an idea, decide or edit, and announcements, show and export
-- name that person. Slack user IDs; '' when unknown.
--
-- Rows stored before this migration know only one actor for sure: an
-- experiment created running (not an iterate's follow-up) was launched by
-- its owner, who created it. Who launched an idea later, who decided and
-- who edited was never recorded, and stays unknown rather than guessed.
ALTER TABLE experiments ADD COLUMN launched_by TEXT NOT NULL DEFAULT '';
ALTER TABLE experiments ADD COLUMN decided_by TEXT NOT NULL DEFAULT '';
ALTER TABLE experiments ADD COLUMN edited_by TEXT NOT NULL DEFAULT '';
ALTER TABLE experiments ADD COLUMN edited_at INTEGER;

UPDATE experiments SET launched_by = owner
	WHERE launched_at = created_at AND parent_id IS NULL;
