#pragma once
// The little the stores need from a SQL database, so one SqlStore serves SQLite and PostgreSQL.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "ports/store.hpp"

namespace matricula::db {

enum class Dialect { sqlite, postgres };
// sqlite:PATH is SQLite; anything else is taken for PostgreSQL (connect() checks it).
Dialect dialect_of(const std::string& url);

// Binary data (BLOB in SQLite, bytea in PostgreSQL); read back through SqlRow::text.
struct Blob {
  std::string bytes;
};
using SqlValue = std::variant<std::nullptr_t, std::int64_t, std::string, Blob>;
using SqlParams = std::vector<SqlValue>;

struct SqlRow {
  std::vector<std::optional<std::string>> columns;
  const std::string& text(std::size_t i) const;
  std::int64_t integer(std::size_t i) const;
  std::optional<std::int64_t> optional_integer(std::size_t i) const;
};

// Prepared statements by their SQL text, looked up without copying the text.
struct SqlTextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
};
template <class Statement>
using StatementCache = std::unordered_map<std::string, Statement, SqlTextHash, std::equal_to<>>;

// Broken infrastructure (not an expected failure): becomes a 500 / 503.
struct DatabaseError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One connection, used by one thread at a time. Statements use `?` placeholders.
class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  virtual Dialect dialect() const = 0;
  virtual std::vector<SqlRow> query(std::string_view sql, const SqlParams& params = {}) = 0;
  // Rows changed.
  virtual std::int64_t execute(std::string_view sql, const SqlParams& params = {}) = 0;
  // Several statements without parameters (migrations).
  virtual void execute_script(std::string_view sql) = 0;
  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  // False once the connection is unusable; the pool then drops it.
  virtual bool healthy() const = 0;
  // Lets go of what the connection keeps between statements while it waits in the pool
  // (SQLite: a read snapshot, which would hold back checkpoints).
  virtual void release() {}
  // SQLite: every connection of this process to the file begins a new read snapshot at its
  // next statement, as after a write of this process (another process changed the file).
  virtual void refresh_snapshots() {}
  // SQLite: copies the write-ahead log into the database file (release_others: release() on
  // the other connections of the process, should the log need to start over). Nothing to do
  // on a database server.
  virtual void checkpoint(const std::function<void()>& release_others) { (void)release_others; }
};


// Opens a connection for a MATRICULA_DATABASE_URL (`sqlite:PATH` or `postgresql://…`).
// answer_timeout (PostgreSQL; 0: none): how long a statement may wait for the server's answer
// before the connection is closed and StoreUnavailable thrown; connecting may take as long
// (at least 2 s; 5 s when statements have no limit). SQLite waits for its file's lock at most
// 5 s and has no server to wait for.
std::unique_ptr<SqlConnection> connect(const std::string& url,
                                       std::chrono::milliseconds answer_timeout = std::chrono::milliseconds(0));
std::unique_ptr<SqlConnection> connect_sqlite(const std::string& path);
std::unique_ptr<SqlConnection> connect_postgres(const std::string& uri, std::chrono::milliseconds answer_timeout);
// How long connecting to PostgreSQL may take when nothing says otherwise.
constexpr int kConnectTimeoutSeconds = 5;
// The PostgreSQL URI with connect_timeout=SECONDS added, unless it sets its own (it then has a query).
std::string with_connect_timeout(const std::string& uri, int seconds = kConnectTimeoutSeconds);

}  // namespace matricula::db
