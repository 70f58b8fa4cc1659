-- secrets holds keys the bot draws once and keeps with its data: the key
-- that seals the private_metadata of the modals it opens (bot's
-- modal_trust.go), so that a form opened before a restart still submits.
-- A backup holds them too, as it holds everything they protect.
CREATE TABLE secrets (
	name  TEXT NOT NULL PRIMARY KEY,
	value BLOB NOT NULL CHECK (length(value) >= 32)
) STRICT, WITHOUT ROWID;
