#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <memory>
#include <optional>
#include <unordered_map>

#include "infra/db/sql_connection.hpp"

namespace matricula::db {
namespace {

using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

// `?` placeholders become `$1`, `$2`, … (our statements have no `?` inside literals).
std::string numbered_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 8);
  int n = 0;
  for (char c : sql) {
    if (c == '?') {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

constexpr Oid kByteaOid = 17;

// A connection is given as long as a statement, the usual 5 s without a limit on statements
// (libpq counts 1 s as 2).
int connect_seconds(std::chrono::milliseconds answer_timeout) {
  if (answer_timeout.count() <= 0) return kConnectTimeoutSeconds;
  return static_cast<int>(std::max<std::int64_t>(2, std::chrono::ceil<std::chrono::seconds>(answer_timeout).count()));
}

std::string unescape_bytea(const char* text) {
  std::size_t length = 0;
  auto* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &length);
  if (!bytes) throw DatabaseError("PostgreSQL: cannot decode bytea");
  std::string out(reinterpret_cast<char*>(bytes), length);
  PQfreemem(bytes);
  return out;
}

class PostgresConnection final : public SqlConnection {
 public:
  PostgresConnection(const std::string& uri, std::chrono::milliseconds answer_timeout)
      : conn_(PQconnectdb(with_connect_timeout(uri, connect_seconds(answer_timeout)).c_str())),
        answer_timeout_(answer_timeout) {
    if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
      std::string message = conn_ ? PQerrorMessage(conn_) : "out of memory";
      PQfinish(conn_);
      throw StoreUnavailable("cannot connect to PostgreSQL: " + message);
    }
    execute_script("SET client_min_messages = warning");
  }
  ~PostgresConnection() override { PQfinish(conn_); }

  Dialect dialect() const override { return Dialect::postgres; }
  bool healthy() const override { return conn_ && PQstatus(conn_) == CONNECTION_OK; }

  std::vector<SqlRow> query(std::string_view sql, const SqlParams& params) override {
    auto result = run(sql, params);
    std::vector<SqlRow> rows;
    int n_rows = PQntuples(result.get()), n_cols = PQnfields(result.get());
    rows.reserve(static_cast<std::size_t>(n_rows));
    for (int r = 0; r < n_rows; ++r) {
      SqlRow row;
      row.columns.reserve(static_cast<std::size_t>(n_cols));
      for (int c = 0; c < n_cols; ++c) {
        if (PQgetisnull(result.get(), r, c))
          row.columns.emplace_back(std::nullopt);
        else if (PQftype(result.get(), c) == kByteaOid)
          row.columns.emplace_back(unescape_bytea(PQgetvalue(result.get(), r, c)));
        else
          row.columns.emplace_back(std::string(PQgetvalue(result.get(), r, c),
                                               static_cast<std::size_t>(PQgetlength(result.get(), r, c))));
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  std::int64_t execute(std::string_view sql, const SqlParams& params) override {
    auto result = run(sql, params);
    const char* affected = PQcmdTuples(result.get());
    return affected && *affected ? std::stoll(affected) : 0;
  }

  void execute_script(std::string_view sql) override {
    usable();
    sent(PQsendQuery(conn_, std::string(sql).c_str()));
    answer();
  }

  void begin() override { execute_script("BEGIN"); }
  void commit() override { execute_script("COMMIT"); }
  void rollback() override { execute_script("ROLLBACK"); }

 private:
  ResultPtr run(std::string_view sql, const SqlParams& params) {
    std::vector<std::string> text(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    std::vector<int> lengths(params.size(), 0), formats(params.size(), 0);
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (auto* n = std::get_if<std::int64_t>(&params[i])) {
        text[i] = std::to_string(*n);
        values[i] = text[i].c_str();
      } else if (auto* s = std::get_if<std::string>(&params[i])) {
        values[i] = s->c_str();
      } else if (auto* b = std::get_if<Blob>(&params[i])) {
        values[i] = b->bytes.data();
        lengths[i] = static_cast<int>(b->bytes.size());
        formats[i] = 1;  // binary: bytes as they are
      }
    }
    usable();
    auto& name = prepared(sql, static_cast<int>(params.size()));
    sent(PQsendQueryPrepared(conn_, name.c_str(), static_cast<int>(params.size()), values.data(), lengths.data(),
                             formats.data(), 0));
    return answer();
  }

  // Each statement is parsed and planned once per connection, then only executed.
  const std::string& prepared(std::string_view sql, int n_params) {
    if (auto it = statements_.find(sql); it != statements_.end()) return it->second;
    auto name = "s" + std::to_string(statements_.size());
    sent(PQsendPrepare(conn_, name.c_str(), numbered_placeholders(sql).c_str(), n_params, nullptr));
    answer();
    return statements_.emplace(std::string(sql), std::move(name)).first->second;
  }

  void usable() {
    if (!conn_) throw StoreUnavailable("PostgreSQL: the connection was closed after a timeout");
  }

  void sent(int ok) {
    if (!ok) failed();
  }

  // Waits for what the statement sent returns, and gives its last result (a script may return
  // several). A database server that has stopped answering (hung, or its machine gone without a
  // word) would hold this thread for good: past answer_timeout_ the connection is closed
  // instead, and the request fails (503); the pool then drops it, and a new one is opened.
  ResultPtr answer() {
    auto deadline = std::chrono::steady_clock::now() + answer_timeout_;
    ResultPtr last(nullptr, &PQclear);
    std::optional<std::string> error;  // the first one; the results that follow are read all the same
    for (;;) {
      while (PQisBusy(conn_)) {
        if (!readable_before(deadline)) {
          PQfinish(conn_);
          conn_ = nullptr;
          throw StoreUnavailable("PostgreSQL did not answer within " + std::to_string(answer_timeout_.count()) +
                                 " ms");
        }
        if (!PQconsumeInput(conn_)) failed();
      }
      ResultPtr result(PQgetResult(conn_), &PQclear);
      if (!result) break;
      auto status = PQresultStatus(result.get());
      if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && !error)
        error = PQresultErrorMessage(result.get());
      last = std::move(result);
    }
    if (error) failed(*error);
    return last;
  }

  // Without a timeout (commands such as migrations) the wait has no end.
  bool readable_before(std::chrono::steady_clock::time_point deadline) {
    pollfd socket{PQsocket(conn_), POLLIN, 0};
    for (;;) {
      int wait_ms = -1;
      if (answer_timeout_.count() > 0) {
        auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        wait_ms = static_cast<int>(left.count());
      }
      int ready = poll(&socket, 1, wait_ms);
      if (ready > 0) return true;  // data, or an error that PQconsumeInput reports
      if (ready == 0) return false;
      if (errno != EINTR) return true;
    }
  }

  // A lost connection is the database being unavailable (503); anything else is an error (500).
  [[noreturn]] void failed() { failed(PQerrorMessage(conn_)); }
  [[noreturn]] void failed(const std::string& message) {
    if (PQstatus(conn_) != CONNECTION_OK) throw StoreUnavailable("PostgreSQL: " + message);
    throw DatabaseError("PostgreSQL: " + message);
  }

  PGconn* conn_;
  const std::chrono::milliseconds answer_timeout_;  // 0: none
  StatementCache<std::string> statements_;          // SQL -> prepared statement name
};

}  // namespace

// A database server that does not answer fails the request after `seconds` (a 503) instead
// of holding its thread for the system's TCP timeout; a URL may set its own connect_timeout.
std::string with_connect_timeout(const std::string& uri, int seconds) {
  if (uri.find("connect_timeout=") != std::string::npos) return uri;
  return uri + (uri.find('?') == std::string::npos ? "?" : "&") + "connect_timeout=" + std::to_string(seconds);
}

std::unique_ptr<SqlConnection> connect_postgres(const std::string& uri, std::chrono::milliseconds answer_timeout) {
  return std::make_unique<PostgresConnection>(uri, answer_timeout);
}

}  // namespace matricula::db
