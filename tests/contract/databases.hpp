#pragma once
// The databases the store tests run on: SQLite in a temp folder, and the real PostgreSQL
// that scripts/test.sh starts (MATRICULA_TEST_POSTGRES_URL).
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "infra/db/migrator.hpp"
#include "infra/db/sql_connection.hpp"

namespace matricula::testing {

// What a fixture says when its PostgreSQL is missing.
inline constexpr const char* kNoPostgres =
    "MATRICULA_TEST_POSTGRES_URL is not set: run `make test`, which starts PostgreSQL";

// An empty database of `kind` ("sqlite" or "postgres"); "" when PostgreSQL is not set up.
inline std::string fresh_database(const std::string& kind) {
  if (kind == "sqlite") {
    static int n = 0;
    auto dir = std::filesystem::temp_directory_path() / ("matricula-contract-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto path = dir / ("db" + std::to_string(++n) + ".sqlite");
    std::filesystem::remove(path);
    return "sqlite:" + path.string();
  }
  const char* url = std::getenv("MATRICULA_TEST_POSTGRES_URL");
  if (!url || !*url) return "";
  auto conn = db::connect(url);
  conn->execute_script("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
  return url;
}

// Applies every migration of the database's dialect; returns their names.
inline std::vector<std::string> migrate_to_latest(const std::string& url, const std::string& kind) {
  auto conn = db::connect(url);
  auto dialect = kind == "sqlite" ? "sqlite" : "postgres";
  return db::migrate(*conn, db::load_migrations(std::string(MATRICULA_SOURCE_DIR) + "/migrations/" + dialect));
}

}  // namespace matricula::testing
