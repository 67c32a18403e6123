#include <gtest/gtest.h>

#include "http/cookies.hpp"
#include "http/form.hpp"
#include "http/pages.hpp"

using namespace matricula::http;

TEST(Form, DecodesUrlEncodedBodies) {
  auto f = parse_urlencoded("email=ada%40example.com&first_name=Ada+Byron&empty=&flag&email=second");
  ASSERT_TRUE(f);
  EXPECT_EQ(field(*f, "email"), "ada@example.com");  // the first value wins
  EXPECT_EQ(field(*f, "first_name"), "Ada Byron");
  EXPECT_EQ(field(*f, "empty"), "");
  EXPECT_EQ(f->count("flag"), 1u);
  EXPECT_EQ(field(*f, "missing"), "");
}

TEST(Form, RefusesBrokenEscapesAndFloods) {
  EXPECT_FALSE(parse_urlencoded("a=%zz"));
  EXPECT_FALSE(parse_urlencoded("a=%4"));
  EXPECT_FALSE(parse_urlencoded("a=%"));
  std::string many;
  for (int i = 0; i < 101; ++i) many += "f" + std::to_string(i) + "=1&";
  EXPECT_FALSE(parse_urlencoded(many));
}

TEST(Form, PercentDecodingOfPaths) {
  EXPECT_EQ(percent_decode("ada%40example.com", false), "ada@example.com");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
  EXPECT_EQ(url_encode("ada@example.com"), "ada%40example.com");
}

TEST(Cookies, ParsesTheCookieHeader) {
  auto c = parse_cookies("a=1; matricula_session=abc-_123;  theme=\"dark\" ; bad; =x");
  EXPECT_EQ(c["matricula_session"], "abc-_123");
  EXPECT_EQ(c["theme"], "dark");
  EXPECT_EQ(c["a"], "1");
  EXPECT_EQ(c.count("bad"), 0u);
}

TEST(Cookies, SessionCookieAttributes) {
  EXPECT_EQ(set_cookie("s", "v", {false, -1}), "s=v; Path=/; HttpOnly; SameSite=Lax");
  EXPECT_EQ(set_cookie("s", "v", {true, 0}), "s=v; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure");
}

TEST(SafeNext, OnlyLocalPaths) {
  EXPECT_EQ(safe_next("/courses/42?tab=1"), "/courses/42?tab=1");
  for (auto bad : {"", "https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)",
                   "/ok\r\nSet-Cookie: x=1"})
    EXPECT_EQ(safe_next(bad), "/") << bad;
}
