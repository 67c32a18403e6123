#include <libpq-fe.h>

#include <memory>
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
  explicit PostgresConnection(const std::string& uri) : conn_(PQconnectdb(with_connect_timeout(uri).c_str())) {
    if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
      std::string message = conn_ ? PQerrorMessage(conn_) : "out of memory";
      PQfinish(conn_);
      throw StoreUnavailable("cannot connect to PostgreSQL: " + message);
    }
    execute_script("SET client_min_messages = warning");
  }
  ~PostgresConnection() override { PQfinish(conn_); }

  Dialect dialect() const override { return Dialect::postgres; }
  bool healthy() const override { return PQstatus(conn_) == CONNECTION_OK; }

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
    ResultPtr result(PQexec(conn_, std::string(sql).c_str()), &PQclear);
    check(result.get());
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
    auto& name = prepared(sql, static_cast<int>(params.size()));
    ResultPtr result(PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()), values.data(),
                                    lengths.data(), formats.data(), 0),
                     &PQclear);
    check(result.get());
    return result;
  }

  // Each statement is parsed and planned once per connection, then only executed.
  const std::string& prepared(std::string_view sql, int n_params) {
    if (auto it = statements_.find(sql); it != statements_.end()) return it->second;
    auto name = "s" + std::to_string(statements_.size());
    ResultPtr result(PQprepare(conn_, name.c_str(), numbered_placeholders(sql).c_str(), n_params, nullptr),
                     &PQclear);
    check(result.get());
    return statements_.emplace(std::string(sql), std::move(name)).first->second;
  }

  void check(PGresult* result) {
    auto status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
    if (PQstatus(conn_) != CONNECTION_OK) throw StoreUnavailable(std::string("PostgreSQL: ") + PQerrorMessage(conn_));
    throw DatabaseError(std::string("PostgreSQL: ") + PQerrorMessage(conn_));
  }

  PGconn* conn_;
  StatementCache<std::string> statements_;  // SQL -> prepared statement name
};

}  // namespace

// A database server that does not answer fails the request after 5 s (a 503) instead of
// holding its thread for the system's TCP timeout; a URL may set its own connect_timeout.
std::string with_connect_timeout(const std::string& uri) {
  if (uri.find("connect_timeout=") != std::string::npos) return uri;
  return uri + (uri.find('?') == std::string::npos ? "?" : "&") + "connect_timeout=5";
}

std::unique_ptr<SqlConnection> connect_postgres(const std::string& uri) {
  return std::make_unique<PostgresConnection>(uri);
}

}  // namespace matricula::db
