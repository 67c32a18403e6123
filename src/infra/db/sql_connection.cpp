#include "infra/db/sql_connection.hpp"

namespace matricula::db {

const std::string& SqlRow::text(std::size_t i) const {
  static const std::string empty;
  return columns.at(i) ? *columns[i] : empty;
}

std::int64_t SqlRow::integer(std::size_t i) const { return columns.at(i) ? std::stoll(*columns[i]) : 0; }

std::optional<std::int64_t> SqlRow::optional_integer(std::size_t i) const {
  if (!columns.at(i)) return std::nullopt;
  return std::stoll(*columns[i]);
}

Dialect dialect_of(const std::string& url) { return url.rfind("sqlite:", 0) == 0 ? Dialect::sqlite : Dialect::postgres; }

std::unique_ptr<SqlConnection> connect(const std::string& url, std::chrono::milliseconds answer_timeout) {
  if (dialect_of(url) == Dialect::sqlite) return connect_sqlite(url.substr(7));
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0)
    return connect_postgres(url, answer_timeout);
  throw DatabaseError("unsupported database URL (expected sqlite:PATH or postgresql://…)");
}

}  // namespace matricula::db
