-- A change marker for help sessions and moderator accounts. `helpchat session create` and `helpchat moderator …`
-- write them from a process of their own; a running server reads this one row every second
-- (store::catalog_watcher) and re-reads those tables only when it has moved. Triggers bump it, so no writer can
-- forget to, and the transcript's constant commits leave it alone.
CREATE TABLE catalog_version (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  version  INTEGER NOT NULL
);
INSERT INTO catalog_version (id, version) VALUES (1, 0);

-- Help sessions are only ever inserted (no command edits one).
CREATE TRIGGER help_session_inserted AFTER INSERT ON help_sessions
BEGIN
  UPDATE catalog_version SET version = version + 1;
END;

CREATE TRIGGER account_inserted AFTER INSERT ON accounts
BEGIN
  UPDATE catalog_version SET version = version + 1;
END;

CREATE TRIGGER account_updated AFTER UPDATE ON accounts
BEGIN
  UPDATE catalog_version SET version = version + 1;
END;
