#include <gtest/gtest.h>

#include "domain/person_name.hpp"

using matricula::parse_person_name;

TEST(PersonName, TrimmedAndRequired) {
  auto n = parse_person_name("  Ada ", "first_name", "first name");
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, "Ada");
  auto empty = parse_person_name("   ", "first_name", "first name");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().fields.at("first_name"), "Enter your first name.");
}

TEST(PersonName, AtMost120Characters) {
  EXPECT_TRUE(parse_person_name(std::string(120, 'a'), "last_name", "last name"));
  auto r = parse_person_name(std::string(121, 'a'), "last_name", "last name");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields.at("last_name"), "Last name can be at most 120 characters.");
}

TEST(PersonName, RefusesControlCharacters) {
  EXPECT_FALSE(parse_person_name("Ada\nBcc", "first_name", "first name"));
  EXPECT_FALSE(parse_person_name("\xff\xfe", "first_name", "first name"));
}
