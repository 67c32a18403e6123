#include "infra/db/connection_pool.hpp"

namespace matricula::db {

ConnectionPool::Lease ConnectionPool::acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(conn));
    }
  }
  return Lease(*this, connect(url_, answer_timeout_));
}

Dialect ConnectionPool::dialect() { return dialect_of(url_); }

void ConnectionPool::release_idle() {
  std::lock_guard lock(mutex_);
  for (auto& conn : idle_) conn->release();
}

void ConnectionPool::give_back(std::unique_ptr<SqlConnection> conn) {
  if (!conn->healthy()) return;
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(conn));
}

}  // namespace matricula::db
