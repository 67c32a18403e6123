-- Instructor details and approval, profile pictures, and the audit log.
ALTER TABLE profiles ADD COLUMN headline TEXT NOT NULL DEFAULT '';
ALTER TABLE profiles ADD COLUMN bio TEXT NOT NULL DEFAULT '';
ALTER TABLE profiles ADD COLUMN approved INTEGER NOT NULL DEFAULT 1;

-- Re-encoded pictures, kept in the database so that every instance can serve them.
CREATE TABLE profile_pictures (
  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL UNIQUE,
  content_type TEXT NOT NULL,
  large BLOB NOT NULL,
  small BLOB NOT NULL,
  created_at INTEGER NOT NULL
);

-- Who did what to which account, from where. Entries outlive the accounts they name.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  actor_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  ip TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
CREATE INDEX audit_log_user ON audit_log(user_id, id);

-- Admin search by prefix of name.
CREATE INDEX users_first_name ON users(lower(first_name));
CREATE INDEX users_last_name ON users(lower(last_name));
