-- A page view reads its session and user with two index lookups: each user row carries its
-- picture's name and its roles, kept in step by the triggers below (roles as bits: instructor
-- 2, student 1).
ALTER TABLE users ADD COLUMN picture_name TEXT;
ALTER TABLE users ADD COLUMN roles SMALLINT NOT NULL DEFAULT 0;
UPDATE users SET
  picture_name = (SELECT name FROM profile_pictures p WHERE p.user_id = users.id),
  roles = (SELECT COALESCE(SUM(CASE r.role WHEN 'instructor' THEN 2 ELSE 1 END), 0) FROM profiles r
           WHERE r.user_id = users.id);

CREATE FUNCTION users_keep_picture_name() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE users SET picture_name = NULL WHERE id = OLD.user_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE users SET picture_name = NEW.name WHERE id = NEW.user_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER users_picture_name AFTER INSERT OR DELETE OR UPDATE OF name, user_id ON profile_pictures
  FOR EACH ROW EXECUTE FUNCTION users_keep_picture_name();

CREATE FUNCTION users_keep_roles() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE users SET roles = (SELECT COALESCE(SUM(CASE r.role WHEN 'instructor' THEN 2 ELSE 1 END), 0)
                            FROM profiles r WHERE r.user_id = users.id)
  WHERE id IN (CASE WHEN TG_OP = 'INSERT' THEN NEW.user_id ELSE OLD.user_id END,
               CASE WHEN TG_OP = 'DELETE' THEN OLD.user_id ELSE NEW.user_id END);
  RETURN NULL;
END $$;
CREATE TRIGGER users_roles AFTER INSERT OR DELETE OR UPDATE OF role, user_id ON profiles
  FOR EACH ROW EXECUTE FUNCTION users_keep_roles();
