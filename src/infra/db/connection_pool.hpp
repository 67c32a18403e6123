#pragma once
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "infra/db/sql_connection.hpp"

namespace matricula::db {

// Keeps idle connections for reuse; a connection that broke is dropped, not returned,
// so the next request reconnects by itself.
class ConnectionPool {
 public:
  // answer_timeout: see connect().
  ConnectionPool(std::string url, std::chrono::milliseconds answer_timeout)
      : url_(std::move(url)), answer_timeout_(answer_timeout) {}

  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<SqlConnection> conn) : pool_(&pool), conn_(std::move(conn)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = default;
    ~Lease() {
      if (pool_ && conn_) pool_->give_back(std::move(conn_));
    }
    SqlConnection& operator*() { return *conn_; }
    SqlConnection* operator->() { return conn_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<SqlConnection> conn_;
  };

  Lease acquire();
  Dialect dialect();
  // release() on every idle connection.
  void release_idle();

 private:
  void give_back(std::unique_ptr<SqlConnection> conn);

  std::string url_;
  std::chrono::milliseconds answer_timeout_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<SqlConnection>> idle_;
};

}  // namespace matricula::db
