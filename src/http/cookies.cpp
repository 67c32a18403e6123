#include "http/cookies.hpp"

#include "domain/text.hpp"

namespace matricula::http {

using text::trim_view;

std::map<std::string, std::string> parse_cookies(std::string_view header) {
  std::map<std::string, std::string> cookies;
  while (!header.empty()) {
    auto semi = header.find(';');
    auto pair = trim_view(header.substr(0, semi));
    header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
    auto eq = pair.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    auto value = trim_view(pair.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    cookies.emplace(std::string(trim_view(pair.substr(0, eq))), std::string(value));
  }
  return cookies;
}

std::string set_cookie(const std::string& name, const std::string& value, const CookieOptions& options) {
  std::string out = name + "=" + value + "; Path=/; HttpOnly; SameSite=Lax";
  if (options.max_age_seconds >= 0) out += "; Max-Age=" + std::to_string(options.max_age_seconds);
  if (options.secure) out += "; Secure";
  return out;
}

}  // namespace matricula::http
