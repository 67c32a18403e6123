-- Rate-limit counters: one row per key and fixed window, shared by every instance.
CREATE TABLE rate_counters (
  key TEXT NOT NULL,
  window_start INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (key, window_start)
);
CREATE INDEX rate_counters_window ON rate_counters(window_start);
CREATE INDEX sessions_last_seen ON sessions(last_seen_at);
CREATE INDEX login_codes_expiry ON login_codes(expires_at);
CREATE INDEX email_tokens_expiry ON email_tokens(expires_at);
