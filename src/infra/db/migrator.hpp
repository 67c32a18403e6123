#pragma once
#include <string>
#include <vector>

#include "infra/db/sql_connection.hpp"

namespace matricula::db {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

// migrations/<dialect>/NNNN_name.sql, in order.
std::vector<Migration> load_migrations(const std::string& directory);

// Versions present in `available` but not recorded as applied.
std::vector<Migration> pending_migrations(SqlConnection& conn, const std::vector<Migration>& available);

// Applies each pending migration in its own transaction and records it; returns the names applied.
std::vector<std::string> migrate(SqlConnection& conn, const std::vector<Migration>& available);

}  // namespace matricula::db
