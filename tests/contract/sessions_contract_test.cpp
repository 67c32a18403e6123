// The Store contract for sessions, on SQLite and PostgreSQL: round trips, the user read with
// the session, a user's sessions, and reads that see every write.
#include <gtest/gtest.h>

#include <thread>

#include "contract/store_contract.hpp"

using namespace matricula;
using namespace matricula::testing;

namespace {

TEST_P(StoreContract, SessionsRoundTrip) {
  auto id = add_user("ada@example.com");
  Session s;
  s.id_hash = "h1";
  s.csrf_token = "csrf";
  s.created_at = 10;
  s.last_seen_at = 11;
  s.flashes = {{"success", "Hello \"you\" <b>"}};
  store->insert_session(s);
  auto found = store->find_session("h1");
  ASSERT_TRUE(found);
  auto& loaded = found->session;
  EXPECT_FALSE(loaded.user_id);
  EXPECT_FALSE(found->user);
  EXPECT_EQ(loaded.flashes, s.flashes);
  loaded.user_id = id;
  loaded.flashes.clear();
  loaded.pending_login_email = "ada@example.com";
  loaded.last_seen_at = 20;
  store->update_session(loaded);
  auto again = store->find_session("h1");
  EXPECT_EQ(again->session.user_id, id);
  EXPECT_TRUE(again->session.flashes.empty());
  EXPECT_EQ(again->session.pending_login_email, "ada@example.com");
  EXPECT_EQ(again->session.last_seen_at, 20);
  EXPECT_EQ(again->session.created_at, 10);
  store->delete_session("h1");
  EXPECT_FALSE(store->find_session("h1"));
}

// A page view reads the session and its user together: the user's fields, picture and roles.
TEST_P(StoreContract, SessionsComeWithTheirUser) {
  auto id = add_user("ada@example.com");
  store->set_password_hash(id, kRealisticHash);
  add_session("h2", id, "csrf");
  auto plain = store->find_session("h2");
  ASSERT_TRUE(plain && plain->user);
  EXPECT_EQ(plain->user->id, id);
  EXPECT_EQ(plain->user->email, "ada@example.com");
  // No page needs the hash: not read, and no buffer left holding it in the session cache.
  EXPECT_EQ(plain->user->password_hash, "");
  EXPECT_EQ(plain->user->password_hash.capacity(), std::string().capacity());
  EXPECT_FALSE(plain->user->picture_name);
  EXPECT_TRUE(plain->user->roles.empty());

  ASSERT_TRUE(store->insert_profile({id, Role::student, "Ada", "+14155550101"}));
  ASSERT_TRUE(store->insert_profile({id, Role::instructor, "Ada", "+14155550101"}));
  store->save_picture(id, {"pic9", "image/png", "l", "s", 5});
  store->set_names(id, "Augusta", "King");
  auto full = store->find_session("h2");
  ASSERT_TRUE(full && full->user);
  EXPECT_EQ(full->user->first_name, "Augusta");
  EXPECT_EQ(full->user->picture_name, "pic9");
  EXPECT_EQ(full->user->roles, (std::vector<Role>{Role::instructor, Role::student}));
  EXPECT_EQ(store->find_user(id)->roles, full->user->roles);

  ASSERT_TRUE(store->delete_profile(id, Role::instructor));
  ASSERT_TRUE(store->delete_picture(id));
  auto fewer = store->find_session("h2");
  EXPECT_FALSE(fewer->user->picture_name);
  EXPECT_EQ(fewer->user->roles, std::vector<Role>{Role::student});
}

// Whatever changes a user shows in the next read of their session (…_cached: each
// change dropped the cached session).
TEST_P(StoreContract, EveryChangeToAUserShowsInTheirSession) {
  auto id = add_user("ada@example.com");
  add_session("u1", id, "c");
  auto user = [&] { return store->find_session("u1")->user.value(); };
  EXPECT_FALSE(user().verified());
  EXPECT_FALSE(user().verified());  // …_cached: from memory this time
  if (cache) {
    EXPECT_GE(cache->stats().hits, 1u);
  }
  store->mark_email_verified(id, 50);
  EXPECT_EQ(user().email_verified_at, 50);
  store->record_login(id, 60);
  EXPECT_EQ(user().last_login_at, 60);
  store->set_password_hash(id, "new hash");
  EXPECT_EQ(store->find_user(id)->password_hash, "new hash");
  store->set_superuser(id, true);
  EXPECT_TRUE(user().superuser);
  store->set_active(id, false);
  EXPECT_FALSE(user().active);
  ASSERT_TRUE(store->insert_profile({id, Role::student, "Ada", "+14155550102"}));
  EXPECT_EQ(user().roles, std::vector<Role>{Role::student});
  store->save_picture(id, {"pic1", "image/png", "l", "s", 5});
  EXPECT_EQ(user().picture_name, "pic1");
  store->delete_user(id);
  EXPECT_FALSE(store->find_session("u1"));
}

// …_cached: what a transaction read is not kept, since it may never be committed.
TEST_P(StoreContract, ARolledBackChangeIsNeverRead) {
  auto s = add_session("r1", add_user("ada@example.com"), "before");
  store->transaction([&] {
    s.csrf_token = "rolled back";
    store->update_session(s);
    EXPECT_EQ(store->find_session("r1")->session.csrf_token, "rolled back");
    return false;
  });
  EXPECT_EQ(store->find_session("r1")->session.csrf_token, "before");
  EXPECT_EQ(store->find_session("r1")->session.csrf_token, "before");
}

TEST_P(StoreContract, SessionsOfAUserAndEndingThemAll) {
  auto ada = add_user("ada@example.com");
  auto grace = add_user("grace@example.com");
  for (auto [hash, user] : {std::pair{"a1", ada}, {"a2", ada}, {"g1", grace}})
    store->insert_session({hash, user, "c", 1, 2, {}, ""});
  EXPECT_EQ(store->sessions_of(ada).size(), 2u);
  EXPECT_TRUE(store->find_session("a1"));
  EXPECT_EQ(store->delete_sessions_of(ada), 2u);
  EXPECT_TRUE(store->sessions_of(ada).empty());
  EXPECT_FALSE(store->find_session("a1"));
  EXPECT_TRUE(store->find_session("g1"));
}

// Reads may reuse a kept snapshot (SQLite): a write through any connection of this process
// must still show in the very next read, whichever thread makes it.
TEST_P(StoreContract, EveryWriteShowsInTheNextRead) {
  auto s = add_session("w1", add_user("ada@example.com"), "v0");
  for (int i = 1; i <= 200; ++i) {
    ASSERT_EQ(store->find_session("w1")->session.csrf_token, "v" + std::to_string(i - 1));
    s.csrf_token = "v" + std::to_string(i);
    std::thread([&] { store->update_session(s); }).join();
    ASSERT_EQ(store->find_session("w1")->session.csrf_token, s.csrf_token) << "after write " << i;
  }
}

}  // namespace
