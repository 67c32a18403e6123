#include "infra/db/sqlite_session_changes.hpp"

#include "log/log.hpp"

namespace matricula::db {
namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(50);
constexpr int kPollsPerTrim = 1200;  // a minute
constexpr std::int64_t kBatch = 1000;

}  // namespace

SqliteSessionChanges::SqliteSessionChanges(std::string url, SessionCache& cache)
    : url_(std::move(url)), cache_(cache), task_(std::make_unique<sys::PeriodicTask>(kPollInterval, [this] { poll(); })) {}

SqliteSessionChanges::~SqliteSessionChanges() {
  task_.reset();
  cache_.turn_off();
}

void SqliteSessionChanges::poll() {
  try {
    if (!conn_) {
      conn_ = connect(url_);
      last_id_ = conn_->query("SELECT COALESCE(MAX(id), 0) FROM session_changes").front().integer(0);
      conn_->release();
      cache_.turn_on();  // empty: nothing kept can predate last_id_
      return;
    }
    follow();
    // Rows older than a minute go, a batch per poll while there are more (a million after
    // `matricula seed`), so that the write lock is never held for long.
    if (trimming_ || ++polls_ % kPollsPerTrim == 0)
      trimming_ = conn_->execute("DELETE FROM session_changes WHERE id IN (SELECT id FROM session_changes "
                                 "WHERE at < unixepoch() - 60 ORDER BY id LIMIT ?)",
                                 {kBatch}) == kBatch;
  } catch (const std::exception& e) {
    if (cache_.is_on()) log::warn("session cache off", {{"error", e.what()}});
    cache_.turn_off();
    conn_.reset();  // the next poll starts over, once the table is there (migration 0005)
  }
}

void SqliteSessionChanges::follow() {
  for (;;) {
    auto rows = conn_->query("SELECT id, kind, key FROM session_changes WHERE id > ? ORDER BY id LIMIT ?",
                             {last_id_, kBatch});
    conn_->release();
    if (rows.empty()) return;
    conn_->refresh_snapshots();
    if (rows.front().integer(0) != last_id_ + 1) cache_.forget_all();  // removed before this process saw them
    for (auto& row : rows) {
      if (row.text(1) == "s")
        cache_.forget_session(row.text(2));
      else
        cache_.forget_user(std::stoll(row.text(2)));
    }
    last_id_ = rows.back().integer(0);
    if (static_cast<std::int64_t>(rows.size()) < kBatch) return;
  }
}

}  // namespace matricula::db
