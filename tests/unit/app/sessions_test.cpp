#include <gtest/gtest.h>

#include "app/sessions.hpp"
#include "fakes/fakes.hpp"
#include "fakes/memory_store.hpp"

using namespace matricula;
using namespace matricula::testing;

TEST(Sessions, OnlyTheHashOfTheIdIsStored) {
  TestWorld w;
  auto started = start_session(w.services);
  ASSERT_TRUE(started.new_cookie_id);
  auto sessions = w.memory->snapshot().sessions;
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions.count(*started.new_cookie_id), 0u);
  EXPECT_TRUE(load_session(w.services, *started.new_cookie_id));
  EXPECT_FALSE(load_session(w.services, "unknown"));
  EXPECT_FALSE(load_session(w.services, ""));
}

TEST(Sessions, SignInGivesANewIdAndTheOldOneStopsWorking) {
  TestWorld w;
  auto anonymous = start_session(w.services);
  anonymous.session.flashes.push_back({"info", "kept"});
  auto signed_in = sign_in_session(w.services, anonymous.session, 7);
  ASSERT_TRUE(signed_in.new_cookie_id);
  EXPECT_NE(*signed_in.new_cookie_id, *anonymous.new_cookie_id);
  EXPECT_FALSE(load_session(w.services, *anonymous.new_cookie_id));
  auto loaded = load_session(w.services, *signed_in.new_cookie_id);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->session.user_id, 7);
  EXPECT_EQ(loaded->session.flashes.size(), 1u);
  EXPECT_NE(loaded->session.csrf_token, anonymous.session.csrf_token);
}

TEST(Sessions, SignOutEndsTheSession) {
  TestWorld w;
  auto s = sign_in_session(w.services, Session{}, 7);
  auto out = sign_out_session(w.services, s.session);
  EXPECT_FALSE(load_session(w.services, *s.new_cookie_id));
  auto fresh = load_session(w.services, *out.new_cookie_id);
  ASSERT_TRUE(fresh);
  EXPECT_FALSE(fresh->session.user_id);
}

TEST(Sessions, IdleAndAbsoluteExpiry) {
  TestWorld w;
  auto s = sign_in_session(w.services, Session{}, 7);
  w.clock.advance(14 * 24 * 3600 - 10);
  auto loaded = load_session(w.services, *s.new_cookie_id);
  ASSERT_TRUE(loaded);
  auto before = loaded->session;
  save_session(w.services, before, loaded->session);  // touching it keeps it alive
  w.clock.advance(14 * 24 * 3600 - 10);
  loaded = load_session(w.services, *s.new_cookie_id);
  ASSERT_TRUE(loaded);
  before = loaded->session;
  save_session(w.services, before, loaded->session);
  w.clock.advance(3 * 24 * 3600);  // 31 days after sign-in: past the absolute limit
  EXPECT_FALSE(load_session(w.services, *s.new_cookie_id));

  auto idle = sign_in_session(w.services, Session{}, 8);
  w.clock.advance(14 * 24 * 3600 + 1);
  EXPECT_FALSE(load_session(w.services, *idle.new_cookie_id));
}

TEST(Sessions, UnchangedSessionsAreNotRewrittenOnEveryRequest) {
  TestWorld w;
  auto s = start_session(w.services);
  auto before = s.session;
  w.clock.advance(kSessionTouchInterval - 1);
  save_session(w.services, before, s.session);
  EXPECT_EQ(w.memory->snapshot().sessions.begin()->second.last_seen_at, before.last_seen_at);
  w.clock.advance(1);
  save_session(w.services, before, s.session);
  EXPECT_EQ(w.memory->snapshot().sessions.begin()->second.last_seen_at, w.clock.now());
}
