#include <gtest/gtest.h>

#include "domain/email.hpp"

using matricula::Email;

TEST(Email, CanonicalFormIsTrimmedAndLowerCase) {
  auto e = Email::parse("  Ada.Lovelace@Example.COM ");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->str(), "ada.lovelace@example.com");
  EXPECT_EQ(e->local_part(), "ada.lovelace");
}

TEST(Email, AcceptsPlusTagsAndInternationalDomains) {
  EXPECT_TRUE(Email::parse("ada+course@school.example.edu"));
  EXPECT_TRUE(Email::parse("josé@universidad.es"));
}

TEST(Email, RefusesWhatIsNotAnAddress) {
  for (auto bad : {"", "   ", "ada", "ada@", "@example.com", "ada@@example.com", "ada@example", "ada@exa mple.com",
                   "a..b@example.com", ".ada@example.com", "ada@-example.com", "ada@example.com\r\nBcc: x@y.z",
                   "ada@example..com"}) {
    auto e = Email::parse(bad);
    EXPECT_FALSE(e) << bad;
    if (!e) {
      EXPECT_EQ(e.error().fields.count("email"), 1u) << bad;
    }
  }
}

TEST(Email, RefusesOverlongAddresses) {
  EXPECT_FALSE(Email::parse(std::string(65, 'a') + "@example.com"));
  EXPECT_FALSE(Email::parse("a@" + std::string(250, 'b') + ".com"));
}

TEST(Email, CompatibilityFormsAreTheSameAddress) {
  // Full-width letters (NFKC) and case fold to one account.
  auto a = Email::parse("\xEF\xBC\xA1" "da@example.com");  // U+FF21 FULLWIDTH A
  auto b = Email::parse("ADA@example.com");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->str(), b->str());
}
