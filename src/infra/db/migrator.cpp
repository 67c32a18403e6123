#include "infra/db/migrator.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace matricula::db {
namespace {

const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "applied_at TEXT NOT NULL)";

std::set<int> applied_versions(SqlConnection& conn) {
  conn.execute_script(kCreateTable);
  std::set<int> versions;
  for (auto& row : conn.query("SELECT version FROM schema_migrations")) versions.insert(static_cast<int>(row.integer(0)));
  return versions;
}

}  // namespace

std::vector<Migration> load_migrations(const std::string& directory) {
  std::vector<Migration> migrations;
  if (!std::filesystem::is_directory(directory)) throw DatabaseError("migrations folder not found: " + directory);
  for (auto& entry : std::filesystem::directory_iterator(directory)) {
    auto file = entry.path().filename().string();
    if (entry.path().extension() != ".sql" || file.size() < 6 || !std::isdigit(static_cast<unsigned char>(file[0])))
      continue;
    std::ifstream in(entry.path());
    std::stringstream sql;
    sql << in.rdbuf();
    migrations.push_back({std::stoi(file.substr(0, file.find('_'))), entry.path().stem().string(), sql.str()});
  }
  std::sort(migrations.begin(), migrations.end(), [](auto& a, auto& b) { return a.version < b.version; });
  return migrations;
}

std::vector<Migration> pending_migrations(SqlConnection& conn, const std::vector<Migration>& available) {
  auto applied = applied_versions(conn);
  std::vector<Migration> pending;
  for (auto& m : available)
    if (!applied.count(m.version)) pending.push_back(m);
  return pending;
}

std::vector<std::string> migrate(SqlConnection& conn, const std::vector<Migration>& available) {
  // Two processes migrating at once (two instances starting together): on PostgreSQL the
  // second waits on a session lock, then finds every version applied. SQLite's BEGIN
  // IMMEDIATE already lets one writer in at a time.
  struct AdvisoryLock {
    SqlConnection& conn;
    explicit AdvisoryLock(SqlConnection& c) : conn(c) {
      if (conn.dialect() == Dialect::postgres) conn.execute_script("SELECT pg_advisory_lock(4242001)");
    }
    ~AdvisoryLock() {
      try {
        if (conn.dialect() == Dialect::postgres) conn.execute_script("SELECT pg_advisory_unlock(4242001)");
      } catch (...) {
      }
    }
  } lock(conn);
  std::vector<std::string> names;
  applied_versions(conn);
  for (auto& m : available) {
    conn.begin();
    try {
      if (!conn.query("SELECT 1 FROM schema_migrations WHERE version = ?", {std::int64_t{m.version}}).empty()) {
        conn.commit();
        continue;
      }
      conn.execute_script(m.sql);
      conn.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, CURRENT_TIMESTAMP)",
                   {std::int64_t{m.version}, m.name});
      conn.commit();
      names.push_back(m.name);
    } catch (...) {
      try {
        conn.rollback();
      } catch (...) {
      }
      throw;
    }
  }
  return names;
}

}  // namespace matricula::db
