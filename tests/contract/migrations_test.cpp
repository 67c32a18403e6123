// Migrations that reshape tables keep what was there, on both databases.
#include <gtest/gtest.h>

#include "contract/databases.hpp"
#include "infra/db/migrator.hpp"
#include "infra/db/sql_store.hpp"

using namespace matricula;
using namespace matricula::testing;

namespace {

class Migrations : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    url = fresh_database(GetParam());
    ASSERT_FALSE(url.empty()) << kNoPostgres;
    all = db::load_migrations(std::string(MATRICULA_SOURCE_DIR) + "/migrations/" +
                              (GetParam() == "sqlite" ? "sqlite" : "postgres"));
  }

  // Applies the migrations up to and including `version`.
  void migrate_to(int version) {
    std::vector<db::Migration> first;
    for (auto& m : all)
      if (m.version <= version) first.push_back(m);
    auto conn = db::connect(url);
    db::migrate(*conn, first);
  }

  std::string url;
  std::vector<db::Migration> all;
};

// 0004 moves the picture's name and the roles onto the user row (and, on SQLite, rebuilds the
// sessions table): sessions, pictures and roles made before it read back the same after it.
TEST_P(Migrations, SessionLookupKeepsSessionsPicturesAndRoles) {
  migrate_to(3);
  const std::string ada_id = "(SELECT id FROM users WHERE email = 'ada@example.com')";
  const std::string bob_id = "(SELECT id FROM users WHERE email = 'bob@example.com')";
  {
    auto conn = db::connect(url);
    conn->execute("INSERT INTO users (email, password_hash, first_name, last_name, date_joined) "
                  "VALUES ('ada@example.com', 'h', 'Ada', 'Lovelace', 1), ('bob@example.com', 'h', 'Bob', 'Byron', 1)",
                  {});
    conn->execute("INSERT INTO phone_numbers (phone_number, user_id) VALUES ('+14155550101', " + ada_id + ")", {});
    conn->execute("INSERT INTO profiles (user_id, role, name, phone_number) VALUES (" + ada_id +
                      ", 'student', 'Ada', '+14155550101'), (" + ada_id + ", 'instructor', 'Ada', '+14155550101')",
                  {});
    conn->execute("INSERT INTO profile_pictures (user_id, name, content_type, large, small, created_at) "
                  "VALUES (" + ada_id + ", 'pic7', 'image/png', ?, ?, 1)",
                  {db::Blob{"l"}, db::Blob{"s"}});
    conn->execute("INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, data) VALUES "
                  "('h7', " + ada_id + ", 'c7', 10, 20, '{}'), ('h8', " + bob_id +
                      ", 'c8', 11, 21, '{}'), ('anon', NULL, 'c0', 12, 22, '{}')",
                  {});
  }
  migrate_to(4);
  db::SqlStore store(url);
  auto ada = store.find_session("h7");
  ASSERT_TRUE(ada && ada->user);
  EXPECT_EQ(ada->session.csrf_token, "c7");
  EXPECT_EQ(ada->session.last_seen_at, 20);
  EXPECT_EQ(ada->user->picture_name, "pic7");
  EXPECT_EQ(ada->user->roles, (std::vector<Role>{Role::instructor, Role::student}));
  auto bob = store.find_session("h8");
  ASSERT_TRUE(bob && bob->user);
  EXPECT_FALSE(bob->user->picture_name);
  EXPECT_TRUE(bob->user->roles.empty());
  auto anonymous = store.find_session("anon");
  ASSERT_TRUE(anonymous);
  EXPECT_FALSE(anonymous->user);
  EXPECT_EQ(store.sessions_of(ada->user->id).size(), 1u);  // the index by user came back too
  EXPECT_EQ(store.delete_sessions_of(bob->user->id), 1u);
}

INSTANTIATE_TEST_SUITE_P(Databases, Migrations, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
