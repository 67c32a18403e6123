// SQLite-only behaviour of the store: kept read snapshots and the write-ahead log's restart.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "contract/databases.hpp"
#include "infra/db/sql_store.hpp"

using namespace matricula;
using namespace matricula::testing;

namespace {

class SqliteOnly : public ::testing::Test {
 protected:
  void SetUp() override {
    url = fresh_database("sqlite");
    migrate_to_latest(url, "sqlite");
    store = std::make_unique<db::SqlStore>(url);
    path = url.substr(7);
    Session s;
    s.id_hash = "h";
    s.csrf_token = "before";
    store->insert_session(s);
  }
  std::string url, path;
  std::unique_ptr<db::SqlStore> store;
};

// Two connections of this process: the reader's kept snapshot must not outlive the write.
TEST_F(SqliteOnly, AKeptSnapshotEndsWithAWriteOfThisProcess) {
  auto reader = db::connect(url), writer = db::connect(url);
  auto read = [&] { return reader->query("SELECT csrf_token FROM sessions WHERE id_hash = 'h'").front().text(0); };
  EXPECT_EQ(read(), "before");
  writer->execute("UPDATE sessions SET csrf_token = 'after' WHERE id_hash = 'h'");
  EXPECT_EQ(read(), "after");
  writer->begin();
  writer->execute("UPDATE sessions SET csrf_token = 'again' WHERE id_hash = 'h'");
  writer->commit();
  EXPECT_EQ(read(), "again");
}

// Another process (here: a connection of SQLite's own, which this process's write count does
// not see) is seen once a kept snapshot has aged out: within 100 ms.
TEST_F(SqliteOnly, AnotherProcesssWriteShowsWithinTheSnapshotLifetime) {
  EXPECT_EQ(store->find_session("h")->session.csrf_token, "before");
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &other), SQLITE_OK);
  sqlite3_busy_timeout(other, 5000);
  ASSERT_EQ(sqlite3_exec(other, "UPDATE sessions SET csrf_token = 'after' WHERE id_hash = 'h'", nullptr, nullptr,
                         nullptr),
            SQLITE_OK);
  sqlite3_close(other);
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  EXPECT_EQ(store->find_session("h")->session.csrf_token, "after");
}

// Steady reads (kept snapshots) and writes never leave the write-ahead log a moment to start
// over by itself: the checkpoint makes it, and the log stays bounded.
TEST_F(SqliteOnly, TheWriteAheadLogStartsOverUnderSteadyLoad) {
  std::atomic<bool> done{false};
  std::thread reader([&] {
    while (!done) (void)store->find_session("h");
  });
  Session s;
  s.id_hash = "h";
  for (int i = 0; i < 9000; ++i) {
    s.csrf_token = "t" + std::to_string(i);
    store->update_session(s);
  }
  auto wal = path + "-wal";
  auto before = std::filesystem::file_size(wal);
  EXPECT_GT(before, 8192u * 4096u);  // past the restart threshold
  store->checkpoint();
  done = true;
  reader.join();
  EXPECT_EQ(std::filesystem::file_size(wal), 0u);
  EXPECT_EQ(store->find_session("h")->session.csrf_token, "t8999");
}

}  // namespace
