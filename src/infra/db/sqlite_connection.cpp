#include <sqlite3.h>

#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "infra/db/sql_connection.hpp"

namespace matricula::db {
namespace {

// SQLite lets one writer in at a time and makes the others wait by sleeping and retrying
// (the busy handler), which costs milliseconds. Writers of one process queue on this lock
// instead, one per database file; readers never take it (WAL lets them read meanwhile).
std::shared_ptr<std::mutex> write_lock_for(const std::string& path) {
  static std::mutex registry_mutex;
  static std::map<std::string, std::weak_ptr<std::mutex>> registry;
  std::lock_guard lock(registry_mutex);
  auto& slot = registry[path];
  auto existing = slot.lock();
  if (existing) return existing;
  auto created = std::make_shared<std::mutex>();
  slot = created;
  return created;
}

class SqliteConnection final : public SqlConnection {
 public:
  explicit SqliteConnection(const std::string& path) : write_lock_(write_lock_for(path)) {
    int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             nullptr);
    if (rc != SQLITE_OK) {
      std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw DatabaseError("cannot open SQLite database " + path + ": " + message);
    }
    sqlite3_busy_timeout(db_, 5000);
    // WAL: readers never wait for the writer; NORMAL: no fsync per commit, still crash-safe.
    // No automatic checkpoints: they fsync inside whichever request commits at that moment;
    // SqlStore::checkpoint() runs them on a background thread instead.
    execute_script("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                   "PRAGMA wal_autocheckpoint=0;");
  }

  ~SqliteConnection() override {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }

  Dialect dialect() const override { return Dialect::sqlite; }
  bool healthy() const override { return true; }

  std::vector<SqlRow> query(std::string_view sql, const SqlParams& params) override {
    auto* stmt = prepare(sql, params);
    auto writing = lock_if_writing(stmt);
    std::vector<SqlRow> rows;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      SqlRow row;
      int n = sqlite3_column_count(stmt);
      row.columns.reserve(static_cast<std::size_t>(n));
      for (int i = 0; i < n; ++i) {
        if (sqlite3_column_type(stmt, i) == SQLITE_NULL) {
          row.columns.emplace_back(std::nullopt);
        } else {
          auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
          row.columns.emplace_back(std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, i))));
        }
      }
      rows.push_back(std::move(row));
    }
    finish(stmt, rc);
    return rows;
  }

  std::int64_t execute(std::string_view sql, const SqlParams& params) override {
    auto* stmt = prepare(sql, params);
    auto writing = lock_if_writing(stmt);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    finish(stmt, rc);
    return sqlite3_changes(db_);
  }

  void execute_script(std::string_view sql) override {
    char* error = nullptr;
    if (sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error ? error : "unknown error";
      sqlite3_free(error);
      throw DatabaseError("SQLite: " + message);
    }
  }

  // IMMEDIATE takes the write lock up front, so two writers never deadlock on an upgrade.
  void begin() override {
    transaction_lock_ = std::unique_lock(*write_lock_);
    try {
      execute_script("BEGIN IMMEDIATE");
    } catch (...) {
      transaction_lock_ = {};
      throw;
    }
  }
  void commit() override { end("COMMIT"); }
  void rollback() override { end("ROLLBACK"); }

 private:
  void end(const char* statement) {
    try {
      execute_script(statement);
    } catch (...) {
      transaction_lock_ = {};
      throw;
    }
    transaction_lock_ = {};
  }

  std::unique_lock<std::mutex> lock_if_writing(sqlite3_stmt* stmt) {
    if (transaction_lock_.owns_lock() || sqlite3_stmt_readonly(stmt)) return {};
    return std::unique_lock(*write_lock_);
  }

  sqlite3_stmt* prepare(std::string_view sql, const SqlParams& params) {
    auto key = std::string(sql);
    auto it = statements_.find(key);
    sqlite3_stmt* stmt = nullptr;
    if (it == statements_.end()) {
      if (sqlite3_prepare_v2(db_, key.c_str(), static_cast<int>(key.size()), &stmt, nullptr) != SQLITE_OK)
        throw DatabaseError(std::string("SQLite prepare: ") + sqlite3_errmsg(db_));
      statements_.emplace(std::move(key), stmt);
    } else {
      stmt = it->second;
    }
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    for (std::size_t i = 0; i < params.size(); ++i) {
      int index = static_cast<int>(i + 1);
      if (auto* n = std::get_if<std::int64_t>(&params[i])) {
        sqlite3_bind_int64(stmt, index, *n);
      } else if (auto* s = std::get_if<std::string>(&params[i])) {
        sqlite3_bind_text(stmt, index, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
      } else if (auto* b = std::get_if<Blob>(&params[i])) {
        sqlite3_bind_blob(stmt, index, b->bytes.data(), static_cast<int>(b->bytes.size()), SQLITE_TRANSIENT);
      } else {
        sqlite3_bind_null(stmt, index);
      }
    }
    return stmt;
  }

  void finish(sqlite3_stmt* stmt, int rc) {
    sqlite3_reset(stmt);
    if (rc == SQLITE_BUSY) throw StoreUnavailable(std::string("SQLite: ") + sqlite3_errmsg(db_));
    if (rc != SQLITE_DONE) throw DatabaseError(std::string("SQLite: ") + sqlite3_errmsg(db_));
  }

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
  std::shared_ptr<std::mutex> write_lock_;
  std::unique_lock<std::mutex> transaction_lock_;
};

}  // namespace

std::unique_ptr<SqlConnection> connect_sqlite(const std::string& path) {
  return std::make_unique<SqliteConnection>(path);
}

}  // namespace matricula::db
