-- helpchat schema, version 1. Times are UTC, ISO 8601 with Z. Migrations are append-only: never edit a released one.

CREATE TABLE help_sessions (
  id           INTEGER PRIMARY KEY,
  title        TEXT NOT NULL,
  opens_at     TEXT NOT NULL,
  starts_at    TEXT NOT NULL,
  ends_at      TEXT NOT NULL,
  archives_at  TEXT NOT NULL,
  time_zone    TEXT NOT NULL DEFAULT 'America/Bogota',
  created_at   TEXT NOT NULL
);

-- Everyone who takes part: officials (one row per help session they join, known by the digest of their rejoin
-- token) and moderators/admins (one row per account, reused in every help session).
CREATE TABLE participants (
  id               INTEGER PRIMARY KEY,
  role             TEXT NOT NULL CHECK (role IN ('official', 'moderator', 'admin')),
  name             TEXT NOT NULL,
  position         TEXT,
  entity_type      TEXT,
  dane_code        TEXT,
  entity_name      TEXT,
  agency           TEXT,
  help_session_id  INTEGER REFERENCES help_sessions(id),
  token_digest     TEXT UNIQUE,
  created_at       TEXT NOT NULL
);

CREATE TABLE accounts (
  id              INTEGER PRIMARY KEY,
  username        TEXT NOT NULL UNIQUE,
  password_hash   TEXT NOT NULL,
  participant_id  INTEGER NOT NULL UNIQUE REFERENCES participants(id),
  disabled        INTEGER NOT NULL DEFAULT 0,
  created_at      TEXT NOT NULL
);

CREATE TABLE login_tokens (
  digest      TEXT PRIMARY KEY,
  account_id  INTEGER NOT NULL REFERENCES accounts(id),
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL
) WITHOUT ROWID;

-- The transcript: every event of every help session, seq 1, 2, 3 … with no gaps per session.
-- body is the JSON everyone in the audience receives; public_body the JSON for everyone else when the event is
-- private (a private answer), else NULL. (participant_id, cid) is the command that caused it, for dedupe.
CREATE TABLE events (
  help_session_id  INTEGER NOT NULL REFERENCES help_sessions(id),
  seq              INTEGER NOT NULL,
  at               TEXT NOT NULL,
  type             TEXT NOT NULL,
  participant_id   INTEGER,
  cid              TEXT,
  audience         INTEGER,
  body             TEXT NOT NULL,
  public_body      TEXT,
  PRIMARY KEY (help_session_id, seq)
) WITHOUT ROWID;

CREATE UNIQUE INDEX events_by_command ON events (help_session_id, participant_id, cid) WHERE cid IS NOT NULL;
