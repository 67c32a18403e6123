// The Cookie request header: parse_cookies (and set_cookie's output read back).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "http/cookies.hpp"

using namespace matricula::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view header(reinterpret_cast<const char*>(data), size);
  auto cookies = parse_cookies(header);
  for (auto& [name, value] : cookies) {
    FUZZ_CHECK(!name.empty());
    FUZZ_CHECK(name.find_first_of(";=") == std::string::npos);
    FUZZ_CHECK(value.find(';') == std::string::npos);
    FUZZ_CHECK(name.front() != ' ' && name.front() != '\t' && name.back() != ' ' && name.back() != '\t');
    // What we parsed, sent back as Set-Cookie and read by a browser as "name=value", is the
    // same cookie (unless the value still looks quoted, as one pair of quotes is stripped per
    // read, or had blanks inside its quotes, which are trimmed once unquoted).
    bool quoted = value.size() >= 2 && value.front() == '"' && value.back() == '"';
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; };
    bool padded = !value.empty() && (blank(value.front()) || blank(value.back()));
    if (quoted || padded) continue;
    auto round_trip = parse_cookies(set_cookie(name, value, {.secure = true, .max_age_seconds = 60}));
    auto it = round_trip.find(name);
    FUZZ_CHECK(it != round_trip.end() && it->second == value);
  }
  return 0;
}
