-- The server keeps the sessions it read recently in memory. SQLite has no NOTIFY, so every
-- change to a session or a user is recorded here, in the transaction that makes it; the server
-- reads what is new every 50 ms and drops what it kept (a command such as
-- `matricula createsuperuser` writes from another process). Rows older than a minute go.
CREATE TABLE session_changes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: readers go on from the last id they saw
  kind TEXT NOT NULL,                    -- 's': key is a session's id hash; 'u': a user's id
  key TEXT NOT NULL,
  at INTEGER NOT NULL DEFAULT (unixepoch())
);
CREATE TRIGGER sessions_changed AFTER UPDATE ON sessions
  BEGIN INSERT INTO session_changes (kind, key) VALUES ('s', OLD.id_hash); END;
CREATE TRIGGER sessions_deleted AFTER DELETE ON sessions
  BEGIN INSERT INTO session_changes (kind, key) VALUES ('s', OLD.id_hash); END;
CREATE TRIGGER users_changed AFTER UPDATE ON users
  BEGIN INSERT INTO session_changes (kind, key) VALUES ('u', OLD.id); END;
CREATE TRIGGER users_deleted AFTER DELETE ON users
  BEGIN INSERT INTO session_changes (kind, key) VALUES ('u', OLD.id); END;
