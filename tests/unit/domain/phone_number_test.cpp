#include <gtest/gtest.h>

#include "domain/phone_number.hpp"

using matricula::PhoneNumber;

TEST(PhoneNumber, SpacesAndDashesAreRemoved) {
  auto p = PhoneNumber::parse("+1 415-555 0123");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->str(), "+14155550123");
}

TEST(PhoneNumber, FollowsTheSeedRule) {
  EXPECT_TRUE(PhoneNumber::parse("123456789"));         // 9 digits
  EXPECT_TRUE(PhoneNumber::parse("+123456789012345"));  // + and 15 digits
  EXPECT_TRUE(PhoneNumber::parse("+1123456789012345")); // optional 1 then 15 digits
  EXPECT_FALSE(PhoneNumber::parse("12345678"));         // too short
  EXPECT_FALSE(PhoneNumber::parse("+12345678901234567"));
  EXPECT_FALSE(PhoneNumber::parse("(415) 555-0123"));
  EXPECT_FALSE(PhoneNumber::parse("+44 20 7946 O958"));  // letter O
  auto empty = PhoneNumber::parse(" ");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().fields.at("phone_number"), "Enter your phone number.");
}
