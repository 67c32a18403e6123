#include <gtest/gtest.h>

#include "domain/password_policy.hpp"

using matricula::PasswordPolicy;

TEST(PasswordPolicy, LengthIsCountedInCharactersNotBytes) {
  EXPECT_FALSE(PasswordPolicy::check("short1!", {}));
  EXPECT_TRUE(PasswordPolicy::check("ñandú-río", {}));            // 9 characters
  EXPECT_FALSE(PasswordPolicy::check("ñandúrí", {}));             // 7 characters, 9 bytes
}

TEST(PasswordPolicy, UpperBound) {
  std::string long_password;
  for (int i = 0; i < 129; ++i) long_password += static_cast<char>('a' + i % 26);
  auto r = PasswordPolicy::check(long_password, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields.at("password"), "Use at most 128 characters.");
  EXPECT_TRUE(PasswordPolicy::check(long_password.substr(0, 128), {}));
}

TEST(PasswordPolicy, AnyCharactersNoCompositionRules) {
  EXPECT_TRUE(PasswordPolicy::check("correct horse battery staple", {}));
  EXPECT_TRUE(PasswordPolicy::check("パスワードは長い文です", {}));
}

TEST(PasswordPolicy, GuessablePasswordsAreRefusedWithAReason) {
  for (auto p : {"password", "Password123", "QWERTY123", "iloveyou", "P@ssw0rd!"}) {
    auto r = PasswordPolicy::check(p, {});
    ASSERT_FALSE(r) << p;
    EXPECT_NE(r.error().fields.at("password").find("common password"), std::string::npos) << p;
  }
  for (auto p : {"abcdefghij", "1111111111", "qwertyuiop"}) {
    auto r = PasswordPolicy::check(p, {});
    ASSERT_FALSE(r) << p;
    EXPECT_NE(r.error().fields.at("password").find("easy to guess"), std::string::npos) << p;
  }
  EXPECT_TRUE(PasswordPolicy::check("Tr0ub4dor&3", {}));
  EXPECT_TRUE(PasswordPolicy::check("kX9#mq2!", {}));
}

TEST(PasswordPolicy, PersonalWordsAreRefused) {
  auto r = PasswordPolicy::check("Lovelace2024!", {"Ada", "Lovelace", "ada@example.com"});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().fields.at("password").find("name or e-mail"), std::string::npos);
  EXPECT_FALSE(PasswordPolicy::check("ada@example.com", {"ada@example.com"}));
  // Short names are not treated as words to avoid (too many false refusals).
  EXPECT_TRUE(PasswordPolicy::check("Bo sails the sea", {"Bo"}));
}

TEST(PasswordPolicy, NormalisesToNfkc) {
  auto r = PasswordPolicy::check("ﬁsh and chips", {});  // U+FB01 ligature
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, "fish and chips");
  EXPECT_EQ(PasswordPolicy::normalise("ﬁsh"), "fish");
}
