// Two processes on one database: what one changes reaches the other's session cache (through
// LISTEN/NOTIFY on PostgreSQL, the session_changes table on SQLite), and the cache is off
// whenever a change could be missed.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "contract/databases.hpp"
#include "infra/db/session_change_feed.hpp"
#include "infra/db/sql_store.hpp"

using namespace matricula;
using namespace matricula::testing;
using namespace std::chrono_literals;

namespace {

// True once `condition` holds, false if it still does not after `limit`.
template <class Condition>
bool eventually(Condition condition, std::chrono::milliseconds limit = 3000ms) {
  for (auto until = std::chrono::steady_clock::now() + limit; std::chrono::steady_clock::now() < until;) {
    if (condition()) return true;
    std::this_thread::sleep_for(2ms);
  }
  return condition();
}

class SessionChangeFeed : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    url = fresh_database(GetParam());
    ASSERT_FALSE(url.empty()) << kNoPostgres;
  }

  // This process: reads through its cache, kept in step by the feed.
  void start_here() {
    cache = std::make_unique<db::SessionCache>(1000, 1min);
    feed = db::follow_session_changes(url, *cache);
    here = std::make_unique<db::SqlStore>(url);
    here->use_session_cache(cache.get());
  }

  // A session of a new user, read once here so that the next read comes from memory.
  UserId cached_session(const std::string& id_hash, const std::string& email) {
    auto id = there->insert_user({email, "hash", "Ada", "Lovelace", 1000}).value();
    there->insert_session({id_hash, id, "csrf", 1, 2, {}, ""});
    EXPECT_TRUE(here->find_session(id_hash));
    auto hits = cache->stats().hits;
    EXPECT_TRUE(here->find_session(id_hash));
    EXPECT_EQ(cache->stats().hits, hits + 1);
    return id;
  }

  std::optional<User> user_of(const std::string& id_hash) {
    auto found = here->find_session(id_hash);
    return found ? found->user : std::nullopt;
  }

  std::string url;
  std::unique_ptr<db::SessionCache> cache;
  std::unique_ptr<db::SessionChangeFeed> feed;
  std::unique_ptr<db::SqlStore> here;
  std::unique_ptr<db::SqlStore> there;  // another process, without a cache
};

using PostgresNotifications = SessionChangeFeed;

TEST_P(SessionChangeFeed, WhatAnotherProcessChangesReachesThisOne) {
  ASSERT_FALSE(migrate_to_latest(url, GetParam()).empty());
  start_here();
  there = std::make_unique<db::SqlStore>(url);
  ASSERT_TRUE(eventually([&] { return cache->is_on(); }));

  auto ada = cached_session("s1", "ada@example.com");
  there->set_active(ada, false);
  EXPECT_TRUE(eventually([&] { return !user_of("s1")->active; }));
  there->insert_profile({ada, Role::instructor, "Ada", "+14155550103"});
  EXPECT_TRUE(eventually([&] { return user_of("s1")->roles == std::vector<Role>{Role::instructor}; }));
  there->save_picture(ada, {"pic2", "image/png", "l", "s", 5});
  EXPECT_TRUE(eventually([&] { return user_of("s1")->picture_name == "pic2"; }));

  Session changed{"s1", ada, "new csrf", 1, 3, {{"info", "Hello"}}, ""};
  EXPECT_TRUE(here->find_session("s1"));
  there->update_session(changed);
  EXPECT_TRUE(eventually([&] { return here->find_session("s1")->session.csrf_token == "new csrf"; }));

  // Signing out elsewhere, and a deleted account, end the session here.
  auto started = std::chrono::steady_clock::now();
  there->delete_session("s1");
  EXPECT_TRUE(eventually([&] { return !here->find_session("s1"); }));
  auto took = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  RecordProperty("sign_out_reached_other_instance_ms", std::to_string(took));
  auto grace = cached_session("s2", "grace@example.com");
  there->delete_user(grace);
  EXPECT_TRUE(eventually([&] { return !here->find_session("s2"); }));
}

TEST_P(SessionChangeFeed, TheCacheStaysOffUntilTheDatabaseRecordsChanges) {
  auto conn = db::connect(url);
  auto all = db::load_migrations(std::string(MATRICULA_SOURCE_DIR) + "/migrations/" + GetParam());
  std::erase_if(all, [](auto& m) { return m.version >= 5; });
  db::migrate(*conn, all);
  start_here();
  std::this_thread::sleep_for(1500ms);  // it has looked for the triggers by now
  EXPECT_FALSE(cache->is_on());
  ASSERT_FALSE(migrate_to_latest(url, GetParam()).empty());
  EXPECT_TRUE(eventually([&] { return cache->is_on(); }));
}

TEST_P(PostgresNotifications, ALostConnectionEmptiesTheCacheUntilItIsBack) {
  ASSERT_FALSE(migrate_to_latest(url, "postgres").empty());
  start_here();
  there = std::make_unique<db::SqlStore>(url);
  ASSERT_TRUE(eventually([&] { return cache->is_on(); }));
  auto ada = cached_session("s3", "ada@example.com");

  auto admin = db::connect(url);
  auto ended = admin->query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
      "WHERE query LIKE '%sessions_notify%' AND pid <> pg_backend_pid()");
  ASSERT_EQ(ended.size(), 1u);
  ASSERT_TRUE(eventually([&] { return !cache->is_on(); }, 1000ms));
  EXPECT_EQ(cache->stats().entries, 0u);
  there->set_names(ada, "Augusta", "King");  // its notification reaches nobody

  ASSERT_TRUE(eventually([&] { return cache->is_on(); }, 5000ms));
  EXPECT_EQ(user_of("s3")->first_name, "Augusta");
}

INSTANTIATE_TEST_SUITE_P(Databases, SessionChangeFeed, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });
INSTANTIATE_TEST_SUITE_P(Databases, PostgresNotifications, ::testing::Values("postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
