#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "infra/db/sql_connection.hpp"

namespace matricula::db {
namespace {

// What the connections of one process to one database file share.
struct SharedFile {
  // SQLite lets one writer in at a time and makes the others wait by sleeping and retrying
  // (the busy handler), which costs milliseconds. Writers of this process queue on this lock
  // instead; readers never take it (WAL lets them read meanwhile).
  std::mutex write_lock;
  // Counts the writes committed through this process: a kept read snapshot is reused only
  // while this has not moved.
  std::atomic<std::uint64_t> writes{0};
  // Set while a checkpoint waits for readers to leave the write-ahead log: no snapshot is
  // kept meanwhile.
  std::atomic<bool> draining{false};
};

std::shared_ptr<SharedFile> shared_file(const std::string& path) {
  static std::mutex registry_mutex;
  static std::map<std::string, std::weak_ptr<SharedFile>> registry;
  std::lock_guard lock(registry_mutex);
  auto& slot = registry[path];
  auto existing = slot.lock();
  if (existing) return existing;
  auto created = std::make_shared<SharedFile>();
  slot = created;
  return created;
}

// How long a kept read snapshot may serve reads at most: the bound on how late a write by
// another process (a command-line tool; one server process per SQLite file) is seen.
constexpr auto kSnapshotLifetime = std::chrono::milliseconds(100);

// Past this many frames (4 KiB pages) in the write-ahead log, a checkpoint also starts the log
// over. Readers that never pause (kept snapshots, steady page views) or a steady stream of
// writes would otherwise let it grow without end, and every read get slower with it.
constexpr std::int64_t kLogFramesToRestart = 8192;

class SqliteConnection final : public SqlConnection {
 public:
  explicit SqliteConnection(const std::string& path) : file_(shared_file(path)) {
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
    // mmap: pages of the database file are read from the kernel's page cache shared by all
    // connections, without a read() and a copy each; the mapping is address space, not memory.
    execute_script("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                   "PRAGMA wal_autocheckpoint=0; PRAGMA mmap_size=1073741824;");
  }

  ~SqliteConnection() override {
    release();
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }

  Dialect dialect() const override { return Dialect::sqlite; }
  bool healthy() const override { return true; }

  std::vector<SqlRow> query(std::string_view sql, const SqlParams& params) override {
    auto* stmt = prepare(sql, params);
    auto writing = writing_or_reading(stmt);
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
    auto writing = writing_or_reading(stmt);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    finish(stmt, rc);
    return sqlite3_changes(db_);
  }

  void execute_script(std::string_view sql) override {
    release();
    run_script(sql);
    ++file_->writes;  // scripts are migrations and pragmas: assume they changed something
  }

  // Copies the write-ahead log into the database file. When the log has grown long, it then
  // holds this process's writers, lets readers finish (release_others ends the snapshots kept
  // by idle connections) and truncates the log, so that it starts over from its beginning.
  void checkpoint(const std::function<void()>& release_others) override {
    release();
    auto frames = log_frames("PRAGMA wal_checkpoint(PASSIVE)");
    if (frames < kLogFramesToRestart) return;
    std::lock_guard writers(file_->write_lock);
    file_->draining = true;
    struct Drained {
      SharedFile& file;
      ~Drained() { file.draining = false; }
    } drained{*file_};
    release_others();
    log_frames("PRAGMA wal_checkpoint(TRUNCATE)");
  }

  void refresh_snapshots() override { ++file_->writes; }

  // Ends the kept read snapshot, if any: the database may move on past it (checkpoints).
  void release() override {
    if (!snapshot_open_) return;
    snapshot_open_ = false;
    sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  }

  // IMMEDIATE takes the write lock up front, so two writers never deadlock on an upgrade.
  void begin() override {
    release();
    transaction_lock_ = std::unique_lock(file_->write_lock);
    try {
      run_script("BEGIN IMMEDIATE");
    } catch (...) {
      transaction_lock_ = {};
      throw;
    }
  }
  void commit() override { end("COMMIT"); }
  void rollback() override { end("ROLLBACK"); }

 private:
  // Runs a wal_checkpoint pragma; returns the frames the log held.
  std::int64_t log_frames(const char* pragma) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, pragma, -1, &stmt, nullptr) != SQLITE_OK)
      throw DatabaseError(std::string("SQLite prepare: ") + sqlite3_errmsg(db_));
    std::int64_t frames = 0;
    if (sqlite3_step(stmt) == SQLITE_ROW) frames = sqlite3_column_int64(stmt, 1);
    sqlite3_finalize(stmt);
    return frames;
  }

  void run_script(std::string_view sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error ? error : "unknown error";
      sqlite3_free(error);
      throw DatabaseError("SQLite: " + message);
    }
  }

  void end(const char* statement) {
    WriteGuard ended{std::move(transaction_lock_), &file_->writes};
    run_script(statement);
  }

  // Holds the write lock for a write and counts it once it is done (or has failed).
  struct WriteGuard {
    std::unique_lock<std::mutex> lock;
    std::atomic<std::uint64_t>* writes = nullptr;
    ~WriteGuard() {
      if (writes) ++*writes;
    }
  };

  // A write outside a transaction queues on the process's write lock (and ends a kept read
  // snapshot first: writing from an old snapshot would fail). A read outside a transaction
  // reuses the kept snapshot when no write has been committed through this process since it
  // began and it is younger than kSnapshotLifetime; otherwise it begins a new one. Every read
  // in autocommit mode would otherwise take and drop SQLite's file locks, the costliest part
  // of a page view's one indexed lookup.
  WriteGuard writing_or_reading(sqlite3_stmt* stmt) {
    if (transaction_lock_.owns_lock()) return {};
    if (!sqlite3_stmt_readonly(stmt)) {
      release();
      return {std::unique_lock(file_->write_lock), &file_->writes};
    }
    auto now = std::chrono::steady_clock::now();
    bool draining = file_->draining.load();
    if (snapshot_open_ &&
        (draining || file_->writes.load() != snapshot_writes_ || now - snapshot_began_ > kSnapshotLifetime))
      release();
    if (!snapshot_open_ && !draining) {
      snapshot_writes_ = file_->writes.load();  // before the snapshot begins: a later write makes it stale
      snapshot_began_ = now;
      run_script("BEGIN");  // deferred: the statement's first read takes the snapshot
      snapshot_open_ = true;
    }
    return {};
  }

  sqlite3_stmt* prepare(std::string_view sql, const SqlParams& params) {
    auto it = statements_.find(sql);
    sqlite3_stmt* stmt = nullptr;
    if (it == statements_.end()) {
      if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK)
        throw DatabaseError(std::string("SQLite prepare: ") + sqlite3_errmsg(db_));
      statements_.emplace(std::string(sql), stmt);
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
    if (rc != SQLITE_DONE) release();
    if (rc == SQLITE_BUSY) throw StoreUnavailable(std::string("SQLite: ") + sqlite3_errmsg(db_));
    if (rc != SQLITE_DONE) throw DatabaseError(std::string("SQLite: ") + sqlite3_errmsg(db_));
  }

  sqlite3* db_ = nullptr;
  StatementCache<sqlite3_stmt*> statements_;
  std::shared_ptr<SharedFile> file_;
  std::unique_lock<std::mutex> transaction_lock_;
  bool snapshot_open_ = false;  // a read transaction kept between statements
  std::uint64_t snapshot_writes_ = 0;
  std::chrono::steady_clock::time_point snapshot_began_;
};

}  // namespace

std::unique_ptr<SqlConnection> connect_sqlite(const std::string& path) {
  // No allocation statistics: they take one process-wide mutex on every SQLite malloc,
  // which request threads would contend for. (Only possible before SQLite initialises.)
  static const int unused = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)unused;
  return std::make_unique<SqliteConnection>(path);
}

}  // namespace matricula::db
