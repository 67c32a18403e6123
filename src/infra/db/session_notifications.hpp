#pragma once
#include <atomic>
#include <string>
#include <thread>

#include "infra/db/session_change_feed.hpp"

namespace matricula::db {

// Keeps a SessionCache in step with changes made by other processes. A PostgreSQL
// connection of its own LISTENs on `matricula_sessions`, where the triggers of migration
// 0005 announce every changed or deleted session ("s" + id hash) and user ("u" + id).
// The cache is on only while that connection answers (checked every second) and the
// triggers exist; otherwise it is off, so a missed notification can never keep a revoked
// session alive.
class SessionNotifications final : public SessionChangeFeed {
 public:
  SessionNotifications(std::string url, SessionCache& cache);
  ~SessionNotifications() override;
  SessionNotifications(const SessionNotifications&) = delete;
  SessionNotifications& operator=(const SessionNotifications&) = delete;

  static constexpr const char* kChannel = "matricula_sessions";

 private:
  void run();
  void listen_until_lost();
  void apply(const char* payload);
  // Waits up to `ms` for the connection's socket (-1: none) or the destructor; false when stopping.
  bool wait(int socket, int ms);

  std::string url_;
  SessionCache& cache_;
  int wake_fd_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace matricula::db
