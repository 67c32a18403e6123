#include <gtest/gtest.h>

#include "http/router.hpp"

using Router = matricula::http::Router<int>;

TEST(Router, MatchesSegmentsWithOrWithoutTrailingSlash) {
  Router r;
  r.add("GET", "/account/verify-account/{token}/", 1);
  r.add("GET", "/", 2);
  auto m = r.match("GET", Router::split("/account/verify-account/abc"));
  ASSERT_TRUE(m.handler);
  EXPECT_EQ(*m.handler, 1);
  EXPECT_EQ(m.params["token"], "abc");
  EXPECT_TRUE(r.match("GET", Router::split("/account/verify-account/abc/")).handler);
  EXPECT_EQ(*r.match("GET", Router::split("/")).handler, 2);
}

TEST(Router, DistinguishesNotFoundFromWrongMethod) {
  Router r;
  r.add("GET", "/account/login/", 1);
  r.add("POST", "/account/login/", 2);
  auto wrong = r.match("DELETE", Router::split("/account/login/"));
  EXPECT_TRUE(wrong.path_found);
  EXPECT_FALSE(wrong.handler);
  EXPECT_EQ(wrong.allowed, "GET, POST");
  EXPECT_FALSE(r.match("GET", Router::split("/account/nope/")).path_found);
  EXPECT_EQ(*r.match("HEAD", Router::split("/account/login")).handler, 1);  // HEAD is served as GET
}

TEST(Router, SplitsEverySegmentWhetherOrNotThePathStartsWithASlash) {
  EXPECT_EQ(Router::split("/account/login/"), (std::vector<std::string>{"account", "login"}));
  EXPECT_EQ(Router::split("account/login"), (std::vector<std::string>{"account", "login"}));
  EXPECT_EQ(Router::split("//a//b"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(Router::split("").empty());
  EXPECT_TRUE(Router::split("/").empty());
}
