#include <gtest/gtest.h>

#include <algorithm>

#include "app/login_code_flow.hpp"
#include "app/login_with_password.hpp"
#include "app/register_account.hpp"
#include "app/throttle.hpp"
#include "app/verify_email.hpp"
#include "fakes/fakes.hpp"
#include "fakes/memory_store.hpp"

using namespace matricula;
using namespace matricula::testing;

namespace {

const std::string kPassword = "analytical engine notes";

void add_verified_ada(TestWorld& w) {
  ASSERT_TRUE(register_account(w.services, {"Ada", "Lovelace", "ada@example.com", "+14155550123", kPassword, ""},
                               "198.51.100.1"));
  w.memory->mark_email_verified(w.memory->find_user_by_email("ada@example.com")->id, w.clock.now());
}

}  // namespace

TEST(Throttle, AllowsTheLimitThenSaysHowLongToWait) {
  TestWorld w;
  RateRule rule{3, 60};
  w.clock.current = 1'800'000'000 - 1'800'000'000 % 60;  // start of a window
  for (int i = 0; i < 3; ++i) EXPECT_EQ(throttle_hit(w.services, "k", rule), 0);
  EXPECT_EQ(throttle_hit(w.services, "k", rule), 60);
  EXPECT_EQ(throttle_hit(w.services, "other", rule), 0);  // keys are separate
  w.clock.advance(20);
  EXPECT_EQ(throttle_hit(w.services, "k", rule), 40);
}

TEST(Throttle, TheSlidingWindowHasNoDoubleBurstAtTheEdge) {
  TestWorld w;
  RateRule rule{10, 60};
  w.clock.current = 1'800'000'000 - 1'800'000'000 % 60 + 59;  // last second of a window
  for (int i = 0; i < 10; ++i) EXPECT_EQ(throttle_hit(w.services, "k", rule), 0);
  w.clock.advance(1);  // a fixed window would allow 10 more now
  EXPECT_GT(throttle_hit(w.services, "k", rule), 0);
  w.clock.advance(59);  // the previous window has faded
  EXPECT_EQ(throttle_hit(w.services, "k", rule), 0);
}

TEST(Throttle, CheckDoesNotCountAndOffRulesNeverRefuse) {
  TestWorld w;
  RateRule rule{1, 60};
  for (int i = 0; i < 5; ++i) EXPECT_EQ(throttle_check(w.services, "k", rule), 0);
  EXPECT_EQ(throttle_hit(w.services, "k", rule), 0);
  EXPECT_GT(throttle_check(w.services, "k", rule), 0);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(throttle_hit(w.services, "off", RateRule{0, 60}), 0);
}

TEST(RateLimits, FailedSignInsPerAccountBlockThePasswordButNotTheCode) {
  TestWorld w;
  add_verified_ada(w);
  for (int i = 0; i < 5; ++i) {
    auto r = login_with_password(w.services, "ada@example.com", "wrong guess " + std::to_string(i),
                                 "203.0.113." + std::to_string(i));  // spread over addresses
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::invalid_credentials);
  }
  int verifications = w.hasher.verifications;
  auto blocked = login_with_password(w.services, "ada@example.com", kPassword, "203.0.113.99");
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().code, ErrorCode::rate_limited);
  EXPECT_GT(blocked.error().retry_after_seconds, 0);
  EXPECT_EQ(w.hasher.verifications, verifications);  // refused before any hashing
  // The owner still gets in with a code sent by mail.
  ASSERT_TRUE(request_login_code(w.services, "ada@example.com", "203.0.113.99"));
  auto code = w.composer.composed.back().second.at("code");
  EXPECT_TRUE(redeem_login_code(w.services, "ada@example.com", code, "203.0.113.99"));
  // And the password works again once the window has passed.
  w.clock.advance(10 * 60);
  EXPECT_TRUE(login_with_password(w.services, "ada@example.com", kPassword, "203.0.113.99"));
}

TEST(RateLimits, FailedSignInsPerIpCountUnknownAddressesToo) {
  TestWorld w;
  add_verified_ada(w);
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(login_with_password(w.services, "user" + std::to_string(i) + "@example.com", kPassword, "203.0.113.7")
                  .error()
                  .code,
              ErrorCode::invalid_credentials);
  EXPECT_EQ(login_with_password(w.services, "ada@example.com", kPassword, "203.0.113.7").error().code,
            ErrorCode::rate_limited);
  EXPECT_TRUE(login_with_password(w.services, "ada@example.com", kPassword, "203.0.113.8"));
}

TEST(RateLimits, CodeRequestsPerAddressAndPerHour) {
  TestWorld w;
  add_verified_ada(w);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(request_login_code(w.services, "ada@example.com", "203.0.113.1"));
  auto over = request_login_code(w.services, "ada@example.com", "203.0.113.2");
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, ErrorCode::rate_limited);
  // The same for an address without an account: the limit reveals nothing.
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(request_login_code(w.services, "nobody@example.com", "203.0.113.3"));
  EXPECT_EQ(request_login_code(w.services, "nobody@example.com", "203.0.113.4").error().code, ErrorCode::rate_limited);
  // At most 10 codes an hour per account, however slowly they are asked for.
  int sent = 3;
  for (int i = 0; i < 27; ++i) {  // one every two minutes for the rest of the hour
    w.clock.advance(120);
    if (request_login_code(w.services, "ada@example.com", "203.0.113.1")) ++sent;
  }
  EXPECT_EQ(sent, 9);  // ten asked for within the limit; the refused fourth one above counts too
  auto names = w.mail_names();
  EXPECT_EQ(std::count(names.begin(), names.end(), "login_code"), 9);
}

TEST(RateLimits, RegistrationsPerIp) {
  TestWorld w;
  for (int i = 0; i < 20; ++i) {
    RegistrationForm form{"Ada", "Lovelace", "ada" + std::to_string(i) + "@example.com",
                          "+1415555" + std::to_string(1000 + i), kPassword, ""};
    EXPECT_TRUE(register_account(w.services, form, "203.0.113.9"));
  }
  RegistrationForm one_more{"Ada", "Lovelace", "late@example.com", "+14155559999", kPassword, ""};
  EXPECT_EQ(register_account(w.services, one_more, "203.0.113.9").error().code, ErrorCode::rate_limited);
  EXPECT_FALSE(w.memory->find_user_by_email("late@example.com"));
}

TEST(RateLimits, VerificationResendsPerAddress) {
  TestWorld w;
  ASSERT_TRUE(register_account(w.services, {"Ada", "Lovelace", "ada@example.com", "+14155550123", kPassword, ""},
                               "198.51.100.1"));
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(resend_verification(w.services, "ada@example.com"));
  EXPECT_EQ(resend_verification(w.services, "ada@example.com").error().code, ErrorCode::rate_limited);
}
