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

// Each table in batches, each batch a statement of its own: however large the backlog (a
// server that was down for a week, a flood of abandoned sessions), no statement outlasts the
// database timeout, and on SQLite writers wait for one batch at most, not for the whole purge.
std::size_t SqlStore::purge_expired(Timestamp idle_before, Timestamp created_before, Timestamp expired_before) {
  auto removed = delete_in_batches("sessions", "id_hash", "last_seen_at < ?", {idle_before}) +
                 delete_in_batches("sessions", "id_hash", "created_at < ?", {created_before}) +
                 delete_in_batches("email_tokens", "token_hash", "expires_at < ?", {expired_before}) +
                 delete_in_batches("login_codes", "id", "expires_at < ?", {expired_before}) +
                 delete_in_batches("rate_counters", "key, window_start", "window_start < ?", {expired_before}) +
                 delete_in_batches("outbox", "id", "status <> 'pending' AND created_at < ?",
                                   {expired_before - 29 * 86400});
  return static_cast<std::size_t>(removed);
}

std::int64_t SqlStore::delete_in_batches(const std::string& table, const std::string& key, const std::string& condition,
                                         const SqlParams& params) {
  constexpr std::int64_t kBatch = 5000;
  auto sql = "DELETE FROM " + table + " WHERE (" + key + ") IN (SELECT " + key + " FROM " + table + " WHERE " +
             condition + " LIMIT " + std::to_string(kBatch) + ")";
  std::int64_t removed = 0, batch = 0;
  do {
    batch = execute(sql, params);
    removed += batch;
  } while (batch == kBatch);
  return removed;
}

}  // namespace matricula::db
