#pragma once
#include <memory>
#include <string>

#include "infra/db/session_cache.hpp"

namespace matricula::db {

// Keeps a SessionCache in step with the changes other processes make to the database, for as
// long as it lives, and turns the cache off whenever it could miss one: SessionNotifications
// on PostgreSQL, SqliteSessionChanges on SQLite.
class SessionChangeFeed {
 public:
  virtual ~SessionChangeFeed() = default;
};

std::unique_ptr<SessionChangeFeed> follow_session_changes(const std::string& url, SessionCache& cache);

}  // namespace matricula::db
