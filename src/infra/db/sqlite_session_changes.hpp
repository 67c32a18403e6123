#pragma once
#include <memory>
#include <string>

#include "infra/db/session_change_feed.hpp"
#include "infra/db/sql_connection.hpp"
#include "infra/system/periodic_task.hpp"

namespace matricula::db {

// SQLite has no NOTIFY: the triggers of migration 0005 record every changed or deleted session
// and user in `session_changes`, and this reads what is new every 50 ms. Before it drops the
// entries, it makes this process's connections begin new read snapshots, so that no read from
// before the change can be kept again. It also removes rows older than a minute.
class SqliteSessionChanges final : public SessionChangeFeed {
 public:
  SqliteSessionChanges(std::string url, SessionCache& cache);
  ~SqliteSessionChanges() override;

 private:
  void poll();
  void follow();

  std::string url_;
  SessionCache& cache_;
  std::unique_ptr<SqlConnection> conn_;  // used by the poll thread only
  std::int64_t last_id_ = 0;
  int polls_ = 0;
  bool trimming_ = false;  // the last trim removed a whole batch: more are waiting
  std::unique_ptr<sys::PeriodicTask> task_;
};

}  // namespace matricula::db
