-- Each instance keeps the sessions it read recently in memory. These triggers tell every
-- instance listening on `matricula_sessions` when a session or a user changes or goes, so
-- that none keeps serving the old one: "s" + the session's id hash, "u" + the user's id.
-- Changes to a user's picture or roles reach it through the triggers of 0004.
CREATE FUNCTION notify_session_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('matricula_sessions', 's' || OLD.id_hash);
  RETURN NULL;
END $$;
CREATE TRIGGER sessions_notify AFTER UPDATE OR DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION notify_session_changed();

CREATE FUNCTION notify_user_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('matricula_sessions', 'u' || OLD.id);
  RETURN NULL;
END $$;
CREATE TRIGGER users_notify AFTER UPDATE OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION notify_user_changed();
