-- A page view reads its session and user with two B-tree lookups: the sessions table is keyed
-- by the id hash itself, and each user row carries its picture's name and its roles, kept in
-- step by the triggers below (roles as bits: instructor 2, student 1).
CREATE TABLE sessions_by_id (
  id_hash TEXT PRIMARY KEY,
  user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  data TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;
INSERT INTO sessions_by_id SELECT id_hash, user_id, csrf_token, created_at, last_seen_at, data FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_by_id RENAME TO sessions;
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_last_seen ON sessions(last_seen_at);

ALTER TABLE users ADD COLUMN picture_name TEXT;
ALTER TABLE users ADD COLUMN roles INTEGER NOT NULL DEFAULT 0;
UPDATE users SET
  picture_name = (SELECT name FROM profile_pictures p WHERE p.user_id = users.id),
  roles = (SELECT COALESCE(SUM(CASE r.role WHEN 'instructor' THEN 2 ELSE 1 END), 0) FROM profiles r
           WHERE r.user_id = users.id);

CREATE TRIGGER users_picture_added AFTER INSERT ON profile_pictures BEGIN
  UPDATE users SET picture_name = NEW.name WHERE id = NEW.user_id;
END;
CREATE TRIGGER users_picture_renamed AFTER UPDATE OF name, user_id ON profile_pictures BEGIN
  UPDATE users SET picture_name = NULL WHERE id = OLD.user_id;
  UPDATE users SET picture_name = NEW.name WHERE id = NEW.user_id;
END;
CREATE TRIGGER users_picture_removed AFTER DELETE ON profile_pictures BEGIN
  UPDATE users SET picture_name = NULL WHERE id = OLD.user_id;
END;

CREATE TRIGGER users_role_added AFTER INSERT ON profiles BEGIN
  UPDATE users SET roles = roles | (CASE NEW.role WHEN 'instructor' THEN 2 ELSE 1 END) WHERE id = NEW.user_id;
END;
CREATE TRIGGER users_role_changed AFTER UPDATE OF role, user_id ON profiles BEGIN
  UPDATE users SET roles = (SELECT COALESCE(SUM(CASE r.role WHEN 'instructor' THEN 2 ELSE 1 END), 0)
                            FROM profiles r WHERE r.user_id = users.id)
  WHERE id IN (OLD.user_id, NEW.user_id);
END;
CREATE TRIGGER users_role_removed AFTER DELETE ON profiles BEGIN
  UPDATE users SET roles = roles & ~(CASE OLD.role WHEN 'instructor' THEN 2 ELSE 1 END) WHERE id = OLD.user_id;
END;
