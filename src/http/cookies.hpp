#pragma once
#include <map>
#include <string>
#include <string_view>

namespace matricula::http {

// The Cookie request header as name -> value (the first of a repeated name wins).
std::map<std::string, std::string> parse_cookies(std::string_view header);

struct CookieOptions {
  bool secure = false;
  long max_age_seconds = -1;  // -1: a session cookie; 0: delete
};
// A Set-Cookie value: always Path=/, HttpOnly and SameSite=Lax.
std::string set_cookie(const std::string& name, const std::string& value, const CookieOptions& options);

}  // namespace matricula::http
