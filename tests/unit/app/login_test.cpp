#include <gtest/gtest.h>

#include "app/login_code_flow.hpp"
#include "app/login_with_password.hpp"
#include "app/register_account.hpp"
#include "app/verify_email.hpp"
#include "fakes/fakes.hpp"
#include "fakes/memory_store.hpp"

using namespace matricula;
using namespace matricula::testing;

namespace {

const std::string kPassword = "analytical engine notes";

UserId registered(TestWorld& w, bool verified) {
  EXPECT_TRUE(register_account(w.services, {"Ada", "Lovelace", "ada@example.com", "+14155550123", kPassword, ""}, "203.0.113.5"));
  auto user = w.memory->find_user_by_email("ada@example.com");
  if (verified) w.memory->mark_email_verified(user->id, w.clock.now());
  return user->id;
}

std::string last_code(TestWorld& w) { return w.composer.composed.back().second.at("code"); }

}  // namespace

TEST(LoginWithPassword, SucceedsAndRecordsTheLogin) {
  TestWorld w;
  auto id = registered(w, true);
  auto r = login_with_password(w.services, " Ada@Example.com", kPassword, "203.0.113.5");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->id, id);
  EXPECT_EQ(w.memory->find_user(id)->last_login_at, w.clock.now());
}

TEST(LoginWithPassword, UnknownAddressAndWrongPasswordGetOneAnswerAndOneHash) {
  TestWorld w;
  registered(w, true);
  auto unknown = login_with_password(w.services, "nobody@example.com", kPassword, "203.0.113.5");
  auto wrong = login_with_password(w.services, "ada@example.com", "not the password", "203.0.113.5");
  ASSERT_FALSE(unknown);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(unknown.error().code, ErrorCode::invalid_credentials);
  EXPECT_EQ(wrong.error().code, ErrorCode::invalid_credentials);
  EXPECT_EQ(unknown.error().message, wrong.error().message);
  EXPECT_EQ(w.hasher.dummy_verifications, 1);  // the unknown address still cost a verification
  EXPECT_EQ(w.hasher.verifications, 2);
  EXPECT_FALSE(login_with_password(w.services, "garbage", kPassword, "203.0.113.5"));
  EXPECT_EQ(w.hasher.dummy_verifications, 2);
}

TEST(LoginWithPassword, UnverifiedIsRefusedOnlyOnceThePasswordIsRight) {
  TestWorld w;
  registered(w, false);
  auto r = login_with_password(w.services, "ada@example.com", kPassword, "203.0.113.5");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::email_not_verified);
  EXPECT_EQ(login_with_password(w.services, "ada@example.com", "nope nope", "203.0.113.5").error().code,
            ErrorCode::invalid_credentials);
}

TEST(LoginWithPassword, OldHashesAreUpgraded) {
  TestWorld w;
  auto id = registered(w, true);
  w.hasher.prefix = "fake2$";  // today's parameters changed
  ASSERT_TRUE(login_with_password(w.services, "ada@example.com", kPassword, "203.0.113.5"));
  EXPECT_EQ(w.memory->find_user(id)->password_hash, "fake2$" + kPassword);
}

TEST(LoginCode, UnknownAddressGetsTheSameAnswerAndNoMail) {
  TestWorld w;
  ASSERT_TRUE(request_login_code(w.services, "nobody@example.com", "203.0.113.5"));
  EXPECT_TRUE(w.outbox().empty());
  EXPECT_FALSE(request_login_code(w.services, "nonsense", "203.0.113.5"));
}

TEST(LoginCode, WrongThenRightSignsInAndVerifiesTheAddress) {
  TestWorld w;
  auto id = registered(w, false);
  ASSERT_TRUE(request_login_code(w.services, "ada@example.com", "203.0.113.5"));
  auto code = last_code(w);
  ASSERT_EQ(code.size(), 9u);
  EXPECT_EQ(code[4], '-');
  EXPECT_EQ(w.mail_names().back(), "login_code");
  // Only the keyed digest of the code (bound to the account) is stored.
  auto stored = w.memory->snapshot().codes.back().hash;
  EXPECT_EQ(stored, w.digest.digest("login-code:" + std::to_string(id) + ":" + code.substr(0, 4) + code.substr(5)));

  auto wrong = redeem_login_code(w.services, "ada@example.com", code == "AAAA-AAAA" ? "BBBB-BBBB" : "AAAA-AAAA", "203.0.113.5");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::invalid_code);
  std::string typed = code;
  for (auto& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto right = redeem_login_code(w.services, "ada@example.com", " " + typed + " ", "203.0.113.5");
  ASSERT_TRUE(right);
  EXPECT_EQ(right->id, id);
  EXPECT_TRUE(w.memory->find_user(id)->verified());
  EXPECT_FALSE(redeem_login_code(w.services, "ada@example.com", code, "203.0.113.5"));  // single use
}

TEST(LoginCode, ThreeWrongTriesBurnIt) {
  TestWorld w;
  registered(w, true);
  ASSERT_TRUE(request_login_code(w.services, "ada@example.com", "203.0.113.5"));
  auto code = last_code(w);
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(redeem_login_code(w.services, "ada@example.com", "2222-2222", "203.0.113.5"));
  EXPECT_FALSE(redeem_login_code(w.services, "ada@example.com", code, "203.0.113.5"));
}

TEST(LoginCode, ExpiresAfterFiveMinutes) {
  TestWorld w;
  registered(w, true);
  ASSERT_TRUE(request_login_code(w.services, "ada@example.com", "203.0.113.5"));
  auto code = last_code(w);
  w.clock.advance(5 * 60);
  EXPECT_FALSE(redeem_login_code(w.services, "ada@example.com", code, "203.0.113.5"));
}

TEST(LoginCode, ANewCodeReplacesTheOld) {
  TestWorld w;
  registered(w, true);
  ASSERT_TRUE(request_login_code(w.services, "ada@example.com", "203.0.113.5"));
  auto first = last_code(w);
  ASSERT_TRUE(request_login_code(w.services, "ada@example.com", "203.0.113.5"));
  auto second = last_code(w);
  ASSERT_NE(first, second);
  EXPECT_FALSE(redeem_login_code(w.services, "ada@example.com", first, "203.0.113.5"));
  EXPECT_TRUE(redeem_login_code(w.services, "ada@example.com", second, "203.0.113.5"));
}
