// SqlStore: rate-limit counters and housekeeping.
#include "infra/db/sql_store.hpp"

namespace matricula::db {

std::int64_t SqlStore::increment_counter(const std::string& key, Timestamp window_start) {
  auto rows = query(
      "INSERT INTO rate_counters (key, window_start, count) VALUES (?, ?, 1) "
      "ON CONFLICT (key, window_start) DO UPDATE SET count = rate_counters.count + 1 RETURNING count",
      {key, window_start});
  return rows.front().integer(0);
}

std::int64_t SqlStore::read_counter(const std::string& key, Timestamp window_start) {
  auto rows = query("SELECT count FROM rate_counters WHERE key = ? AND window_start = ?", {key, window_start});
  return rows.empty() ? 0 : rows.front().integer(0);
}

std::size_t SqlStore::purge_expired(Timestamp idle_before, Timestamp created_before, Timestamp expired_before) {
  std::int64_t removed = 0;
  transaction([&] {
    removed += execute("DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?", {idle_before, created_before});
    removed += execute("DELETE FROM email_tokens WHERE expires_at < ?", {expired_before});
    removed += execute("DELETE FROM login_codes WHERE expires_at < ?", {expired_before});
    removed += execute("DELETE FROM rate_counters WHERE window_start < ?", {expired_before});
    removed += execute("DELETE FROM outbox WHERE status <> 'pending' AND created_at < ?", {expired_before - 29 * 86400});
    return true;
  });
  return static_cast<std::size_t>(removed);
}

}  // namespace matricula::db
