#include <gtest/gtest.h>

#include "app/register_account.hpp"
#include "fakes/fakes.hpp"
#include "fakes/memory_store.hpp"

using namespace matricula;
using namespace matricula::testing;

namespace {

RegistrationForm ada() {
  return {"Ada", "Lovelace", "Ada@Example.com", "+1 415 555 0123", "analytical engine notes", "student"};
}

}  // namespace

TEST(RegisterAccount, CreatesUserProfileTokenAndMailTogether) {
  TestWorld w;
  ASSERT_TRUE(register_account(w.services, ada(), "203.0.113.5"));
  auto state = w.memory->snapshot();
  ASSERT_EQ(state.users.size(), 1u);
  auto& user = state.users.begin()->second;
  EXPECT_EQ(user.email, "ada@example.com");
  EXPECT_FALSE(user.verified());
  EXPECT_TRUE(w.hasher.verify(user.password_hash, "analytical engine notes"));
  ASSERT_EQ(state.profiles.size(), 1u);
  EXPECT_EQ(state.profiles[0].role, Role::student);
  EXPECT_EQ(state.profiles[0].phone_number, "+14155550123");
  EXPECT_EQ(state.profiles[0].name, "Ada Lovelace");
  ASSERT_EQ(state.tokens.size(), 1u);
  EXPECT_EQ(state.tokens.begin()->second.expires_at, w.clock.now() + 24 * 3600);
  ASSERT_EQ(w.mail_names(), std::vector<std::string>{"verify_email"});
  auto link = w.composer.composed.back().second.at("link");
  EXPECT_EQ(link.rfind("https://school.test/account/verify-account/", 0), 0u);
  // Only the HMAC of the token is stored.
  auto token = link.substr(std::string("https://school.test/account/verify-account/").size());
  token.pop_back();
  EXPECT_EQ(state.tokens.count(token), 0u);
  EXPECT_EQ(state.tokens.count(w.digest.digest("verify-email:" + token)), 1u);
}

TEST(RegisterAccount, InstructorRole) {
  TestWorld w;
  auto form = ada();
  form.role = "instructor";
  ASSERT_TRUE(register_account(w.services, form, "203.0.113.5"));
  EXPECT_EQ(w.memory->snapshot().profiles.at(0).role, Role::instructor);
}

TEST(RegisterAccount, InvalidFieldsStoreNothingAndSayWhy) {
  TestWorld w;
  RegistrationForm form{"", "Lovelace", "not-an-address", "12", "password", "admin"};
  auto r = register_account(w.services, form, "203.0.113.5");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_input);
  for (auto f : {"first_name", "email", "phone_number", "password", "role"})
    EXPECT_EQ(r.error().fields.count(f), 1u) << f;
  EXPECT_EQ(r.error().fields.count("last_name"), 0u);
  EXPECT_TRUE(w.memory->snapshot().users.empty());
  EXPECT_TRUE(w.outbox().empty());
}

TEST(RegisterAccount, KnownAddressAnswersTheSameAndTellsTheOwnerByMail) {
  TestWorld w;
  ASSERT_TRUE(register_account(w.services, ada(), "203.0.113.5"));
  auto second = ada();
  second.email = "ADA@example.com";
  second.phone_number = "+442079460958";
  int hashes_before = w.hasher.hashes;
  ASSERT_TRUE(register_account(w.services, second, "203.0.113.5"));
  EXPECT_EQ(w.hasher.hashes, hashes_before + 1);  // same work as a new account
  auto state = w.memory->snapshot();
  EXPECT_EQ(state.users.size(), 1u);
  EXPECT_EQ(state.profiles.size(), 1u);
  EXPECT_EQ(state.phones.count("+442079460958"), 0u);
  EXPECT_EQ(w.mail_names(), (std::vector<std::string>{"verify_email", "account_exists"}));
  EXPECT_EQ(w.outbox().back().to, "ada@example.com");
}

TEST(RegisterAccount, PhoneInUseCreatesNothingAndMailsTheSubmittedAddress) {
  TestWorld w;
  ASSERT_TRUE(register_account(w.services, ada(), "203.0.113.5"));
  auto other = ada();
  other.email = "grace@example.com";
  other.first_name = "Grace";
  ASSERT_TRUE(register_account(w.services, other, "203.0.113.5"));
  auto state = w.memory->snapshot();
  EXPECT_EQ(state.users.size(), 1u);
  EXPECT_EQ(w.mail_names(), (std::vector<std::string>{"verify_email", "phone_in_use"}));
  EXPECT_EQ(w.outbox().back().to, "grace@example.com");
}
