-- The first schema of aimlater.
--
-- Times are INTEGER milliseconds since the Unix epoch, in UTC (see codec.go
-- for why). Calendar dates (deadlines) are TEXT 'YYYY-MM-DD' or NULL: a
-- deadline is a day, not an instant. Tables are STRICT so that a value of the
-- wrong type (a time.Time bound by mistake as text, say) fails loudly instead
-- of being stored and silently mis-compared.

-- numbers hands out the per-team numbers of experiments (#N) and goals (GN).
-- It is incremented inside the creating transaction, so a rolled-back create
-- gives its number back and the numbers stay gapless.
CREATE TABLE numbers (
	team TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('experiment', 'goal')),
	last INTEGER NOT NULL CHECK (last > 0),
	PRIMARY KEY (team, kind)
) STRICT, WITHOUT ROWID;

CREATE TABLE goals (
	id             INTEGER PRIMARY KEY,
	team           TEXT    NOT NULL,
	number         INTEGER NOT NULL CHECK (number > 0),
	channel        TEXT    NOT NULL,
	title          TEXT    NOT NULL,
	metric         TEXT    NOT NULL DEFAULT '',
	target_value   REAL    NOT NULL DEFAULT 0,
	target_percent INTEGER NOT NULL DEFAULT 0 CHECK (target_percent IN (0, 1)),
	deadline       TEXT    CHECK (deadline GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	author         TEXT    NOT NULL DEFAULT '',
	closed         INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)),
	created_at     INTEGER NOT NULL,
	UNIQUE (team, number)
) STRICT;

-- Open goals of a channel, for the digest and the goal picker.
CREATE INDEX goals_open_by_channel ON goals (team, channel, number) WHERE closed = 0;

CREATE TABLE experiments (
	id             INTEGER PRIMARY KEY,
	team           TEXT    NOT NULL,
	number         INTEGER NOT NULL CHECK (number > 0),
	channel        TEXT    NOT NULL,
	owner          TEXT    NOT NULL,
	title          TEXT    NOT NULL,
	hypothesis     TEXT    NOT NULL DEFAULT '',
	metric         TEXT    NOT NULL DEFAULT '',
	target_value   REAL    NOT NULL DEFAULT 0,
	target_percent INTEGER NOT NULL DEFAULT 0 CHECK (target_percent IN (0, 1)),
	deadline       TEXT    CHECK (deadline GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	goal_id        INTEGER REFERENCES goals (id) ON DELETE SET NULL,
	ice_i          INTEGER NOT NULL DEFAULT 0 CHECK (ice_i BETWEEN 0 AND 10),
	ice_c          INTEGER NOT NULL DEFAULT 0 CHECK (ice_c BETWEEN 0 AND 10),
	ice_e          INTEGER NOT NULL DEFAULT 0 CHECK (ice_e BETWEEN 0 AND 10),
	status         TEXT    NOT NULL CHECK (status IN ('idea', 'running', 'decided')),
	decision       TEXT    NOT NULL DEFAULT '' CHECK (decision IN ('', 'keep', 'kill', 'iterate')),
	learning       TEXT    NOT NULL DEFAULT '',
	parent_id      INTEGER REFERENCES experiments (id) ON DELETE SET NULL,
	created_at     INTEGER NOT NULL,
	launched_at    INTEGER,
	decided_at     INTEGER,
	UNIQUE (team, number),
	-- The lifecycle's invariants, so no code path can store a half-made state.
	CHECK ((status = 'idea') = (launched_at IS NULL)),
	CHECK ((status = 'decided') = (decided_at IS NOT NULL)),
	CHECK ((status = 'decided') = (decision <> ''))
) STRICT;

-- A channel's experiments of one status in number order (running, ideas),
-- without a sort; also the channels that have any.
CREATE INDEX experiments_by_channel_status ON experiments (team, channel, status, number);
-- The digest's look-back windows: launches and decisions since a time.
CREATE INDEX experiments_by_channel_launched ON experiments (team, channel, launched_at) WHERE launched_at IS NOT NULL;
CREATE INDEX experiments_by_channel_decided ON experiments (team, channel, decided_at) WHERE decided_at IS NOT NULL;
-- Foreign keys are checked on delete of the parent row: index the children.
CREATE INDEX experiments_by_goal ON experiments (goal_id) WHERE goal_id IS NOT NULL;
CREATE INDEX experiments_by_parent ON experiments (parent_id) WHERE parent_id IS NOT NULL;

CREATE TABLE check_ins (
	id            INTEGER PRIMARY KEY,
	experiment_id INTEGER NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
	author        TEXT    NOT NULL,
	at            INTEGER NOT NULL,
	value         REAL,
	note          TEXT    NOT NULL DEFAULT '',
	on_track      INTEGER NOT NULL CHECK (on_track IN (0, 1))
) STRICT;

-- Newest check-ins of an experiment, and MAX(at) per experiment from the index alone.
CREATE INDEX check_ins_by_experiment_at ON check_ins (experiment_id, at);

CREATE TABLE channel_settings (
	team               TEXT    NOT NULL,
	channel            TEXT    NOT NULL,
	check_in_schedule  TEXT    NOT NULL DEFAULT '',
	digest_schedule    TEXT    NOT NULL DEFAULT '',
	time_zone          TEXT    NOT NULL DEFAULT '',
	quiet_after_days   INTEGER NOT NULL,
	idea_stale_days    INTEGER NOT NULL,
	experiment_days    INTEGER NOT NULL,
	tempo_target       INTEGER NOT NULL,
	PRIMARY KEY (team, channel)
) STRICT, WITHOUT ROWID;

CREATE TABLE away (
	team    TEXT    NOT NULL,
	user    TEXT    NOT NULL,
	until   INTEGER NOT NULL,
	PRIMARY KEY (team, user)
) STRICT, WITHOUT ROWID;

CREATE TABLE outbox (
	id          INTEGER PRIMARY KEY,
	team        TEXT    NOT NULL,
	channel     TEXT    NOT NULL,
	kind        TEXT    NOT NULL CHECK (kind <> ''),
	payload     BLOB    NOT NULL,
	not_before  INTEGER NOT NULL,
	attempts    INTEGER NOT NULL DEFAULT 0,
	created_at  INTEGER NOT NULL,
	sent_at     INTEGER,
	dead_at     INTEGER,
	last_error  TEXT    NOT NULL DEFAULT ''
) STRICT;

-- Only pending messages are ever looked up by time; sent and dead ones stay
-- out of the index, which therefore stays as small as the backlog.
CREATE INDEX outbox_pending ON outbox (not_before, id) WHERE sent_at IS NULL AND dead_at IS NULL;

-- seen_keys is the idempotency ledger: Slack redelivers an envelope it thinks
-- was not acked, and its key must not be handled twice.
CREATE TABLE seen_keys (
	key     TEXT    PRIMARY KEY,
	seen_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX seen_keys_by_time ON seen_keys (seen_at);

-- ticks records each scheduled run (check-in round, digest) once its messages
-- are in the outbox, so a restart neither skips nor repeats a run.
CREATE TABLE ticks (
	team         TEXT    NOT NULL,
	channel      TEXT    NOT NULL,
	kind         TEXT    NOT NULL,
	scheduled_at INTEGER NOT NULL,
	recorded_at  INTEGER NOT NULL,
	PRIMARY KEY (team, channel, kind, scheduled_at)
) STRICT, WITHOUT ROWID;
