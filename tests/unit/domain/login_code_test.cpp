#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "domain/login_code.hpp"

using matricula::LoginCode;

TEST(LoginCode, AlphabetHasNoLookAlikes) {
  EXPECT_EQ(LoginCode::alphabet.size(), 32u);
  for (char c : std::string("01IO")) EXPECT_EQ(LoginCode::alphabet.find(c), std::string_view::npos) << c;
  EXPECT_EQ(std::set<char>(LoginCode::alphabet.begin(), LoginCode::alphabet.end()).size(), 32u);
}

TEST(LoginCode, BuiltFromRandomBytesAndShownInTwoGroups) {
  std::array<std::uint8_t, 8> bytes{0, 1, 2, 3, 31, 32, 255, 100};
  auto code = LoginCode::from_random(bytes);
  EXPECT_EQ(code.size(), 8u);
  EXPECT_EQ(code[0], 'A');
  EXPECT_EQ(code[4], '9');
  EXPECT_EQ(code[5], 'A');  // 32 wraps: one byte modulo 32 keeps every character equally likely
  EXPECT_EQ(LoginCode::display(code), code.substr(0, 4) + "-" + code.substr(4));
}

TEST(LoginCode, TypedFormsAreForgiving) {
  EXPECT_EQ(LoginCode::normalise("abcd-efgh"), "ABCDEFGH");
  EXPECT_EQ(LoginCode::normalise(" AB CD EF GH "), "ABCDEFGH");
  EXPECT_EQ(LoginCode::normalise("ABCDEFGH"), "ABCDEFGH");
  EXPECT_FALSE(LoginCode::normalise("ABCD-EFG"));
  EXPECT_FALSE(LoginCode::normalise("ABCD-EFGHJ"));
  EXPECT_FALSE(LoginCode::normalise("ABCD-EFG0"));  // 0 is never in a code
  EXPECT_FALSE(LoginCode::normalise(""));
}

TEST(LoginCode, GuessingOverALifetimeIsBelowOneInAMillion) {
  double space = std::pow(static_cast<double>(LoginCode::alphabet.size()), LoginCode::length);
  double chance = LoginCode::max_attempts / space;
  EXPECT_LT(chance, 1e-6);
}
