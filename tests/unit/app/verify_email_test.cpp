#include <gtest/gtest.h>

#include "app/register_account.hpp"
#include "app/verify_email.hpp"
#include "fakes/fakes.hpp"
#include "fakes/memory_store.hpp"

using namespace matricula;
using namespace matricula::testing;

namespace {

std::string registered_token(TestWorld& w) {
  EXPECT_TRUE(register_account(w.services, {"Ada", "Lovelace", "ada@example.com", "+14155550123",
                                            "analytical engine notes", "student"}, "203.0.113.5"));
  auto link = w.composer.composed.back().second.at("link");
  auto start = link.find("/verify-account/") + 16;
  return link.substr(start, link.size() - start - 1);
}

}  // namespace

TEST(VerifyEmail, MarksTheAddressVerifiedOnce) {
  TestWorld w;
  auto token = registered_token(w);
  auto r = verify_email(w.services, token);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->verified());
  EXPECT_EQ(*w.memory->find_user(r->id)->email_verified_at, w.clock.now());
  auto again = verify_email(w.services, token);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::invalid_token);
}

TEST(VerifyEmail, ExpiresAfter24Hours) {
  TestWorld w;
  auto token = registered_token(w);
  w.clock.advance(24 * 3600);
  EXPECT_FALSE(verify_email(w.services, token));
  EXPECT_FALSE(w.memory->find_user_by_email("ada@example.com")->verified());
}

TEST(VerifyEmail, UnknownTokensAreRefused) {
  TestWorld w;
  registered_token(w);
  EXPECT_FALSE(verify_email(w.services, "made-up"));
  EXPECT_FALSE(verify_email(w.services, ""));
  EXPECT_FALSE(verify_email(w.services, std::string(500, 'a')));
}

TEST(ResendVerification, OnlyForUnverifiedAccountsButAnswersTheSame) {
  TestWorld w;
  auto token = registered_token(w);
  ASSERT_TRUE(resend_verification(w.services, "ADA@example.com"));
  EXPECT_EQ(w.mail_names().size(), 2u);
  ASSERT_TRUE(resend_verification(w.services, "nobody@example.com"));
  EXPECT_EQ(w.mail_names().size(), 2u);
  ASSERT_TRUE(verify_email(w.services, token));
  ASSERT_TRUE(resend_verification(w.services, "ada@example.com"));
  EXPECT_EQ(w.mail_names().size(), 2u);
  EXPECT_FALSE(resend_verification(w.services, "not an address"));
}
