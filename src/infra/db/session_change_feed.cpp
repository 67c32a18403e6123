#include "infra/db/session_change_feed.hpp"

#include "infra/db/session_notifications.hpp"
#include "infra/db/sqlite_session_changes.hpp"

namespace matricula::db {

std::unique_ptr<SessionChangeFeed> follow_session_changes(const std::string& url, SessionCache& cache) {
  if (dialect_of(url) == Dialect::sqlite) return std::make_unique<SqliteSessionChanges>(url, cache);
  return std::make_unique<SessionNotifications>(url, cache);
}

}  // namespace matricula::db
