// The session cache: what it forgets stays forgotten, a read that raced a change is not kept,
// and it holds nothing while off.
#include <gtest/gtest.h>

#include "infra/db/session_cache.hpp"

using namespace matricula;
using namespace std::chrono_literals;
using db::SessionCache;

namespace {

SessionAndUser session_of(const std::string& id_hash, std::optional<UserId> user, const std::string& name = "Ada") {
  SessionAndUser found;
  found.session.id_hash = id_hash;
  found.session.user_id = user;
  if (user) {
    found.user = User{};
    found.user->id = *user;
    found.user->first_name = name;
  }
  return found;
}

struct SessionCacheTest : ::testing::Test {
  SessionCache::Clock::time_point now{};
  SessionCache cache{3, 60s, [this] { return now; }};

  void keep(const SessionAndUser& found) { cache.put(cache.generation(), found); }
  bool has(const std::string& id_hash) { return cache.get(id_hash).has_value(); }

  void SetUp() override { cache.turn_on(); }
};

TEST_F(SessionCacheTest, GivesBackWhatItKept) {
  keep(session_of("a", 7, "Grace"));
  auto hit = cache.get("a");
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->user->first_name, "Grace");
  EXPECT_FALSE(has("b"));
  auto stats = cache.stats();
  EXPECT_EQ(stats.hits, 1u);
  EXPECT_EQ(stats.misses, 1u);
  EXPECT_EQ(stats.entries, 1u);
}

TEST_F(SessionCacheTest, ForgettingASessionDropsOnlyIt) {
  keep(session_of("a", 7));
  keep(session_of("b", 7));
  cache.forget_session("a");
  EXPECT_FALSE(has("a"));
  EXPECT_TRUE(has("b"));
}

TEST_F(SessionCacheTest, ForgettingAUserDropsEverySessionOfTheirs) {
  keep(session_of("a", 7));
  keep(session_of("b", 7));
  keep(session_of("c", 8));
  cache.forget_user(7);
  EXPECT_FALSE(has("a"));
  EXPECT_FALSE(has("b"));
  EXPECT_TRUE(has("c"));
  keep(session_of("a", 7));  // read again afterwards: kept again
  EXPECT_TRUE(has("a"));
}

TEST_F(SessionCacheTest, AReadThatStartedBeforeAChangeIsNotKept) {
  auto read_at = cache.generation();
  cache.forget_user(99);  // any change, even of someone else, while the database was read
  cache.put(read_at, session_of("a", 7));
  EXPECT_FALSE(has("a"));
}

TEST_F(SessionCacheTest, AnEntryIsReadAgainOnceItIsOld) {
  keep(session_of("a", 7));
  now += 60s;
  EXPECT_TRUE(has("a"));
  now += 1s;
  EXPECT_FALSE(has("a"));
  EXPECT_EQ(cache.stats().entries, 0u);
}

TEST_F(SessionCacheTest, OffItHoldsNothing) {
  keep(session_of("a", 7));
  cache.turn_off();
  EXPECT_FALSE(has("a"));
  keep(session_of("b", 7));
  EXPECT_FALSE(has("b"));
  cache.turn_on();
  EXPECT_FALSE(has("a"));  // what was kept before stays gone: it may have changed meanwhile
  keep(session_of("a", 7));
  EXPECT_TRUE(has("a"));
}

TEST_F(SessionCacheTest, NeverHoldsMoreThanItsCapacity) {
  for (int i = 0; i < 50; ++i) keep(session_of("s" + std::to_string(i), i % 4));
  EXPECT_EQ(cache.stats().entries, 3u);
  EXPECT_TRUE(has("s49"));  // the newest is kept
  for (UserId user = 0; user < 4; ++user) cache.forget_user(user);
  EXPECT_EQ(cache.stats().entries, 0u);  // every user index entry went with its session
}

TEST_F(SessionCacheTest, AnonymousSessionsAreKeptAndForgotten) {
  keep(session_of("a", std::nullopt));
  EXPECT_TRUE(has("a"));
  cache.forget_session("a");
  EXPECT_FALSE(has("a"));
}

}  // namespace
