// Request routing as WebApp::dispatch does it: the target split into path and query, the path
// into segments, each segment percent-decoded, then Router::match against the real route table.
// Input: "METHOD /path?query" (GET when there is no space). safe_next is not covered: it lives
// in pages.cpp, which needs the request context, the use cases and the views.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "http/form.hpp"
#include "http/router.hpp"

using namespace matricula::http;

namespace {

struct RouteSpec {
  const char* method;
  const char* pattern;
};

// Copied from src/http/handlers/routes.cpp (add_page_routes); keep in step with it.
constexpr RouteSpec kRoutes[] = {
    {"GET", "/"},
    {"GET", "/account/register/"},
    {"POST", "/account/register/"},
    {"GET", "/account/verify-account/{token}/"},
    {"GET", "/account/resend-verification/"},
    {"POST", "/account/resend-verification/"},
    {"GET", "/account/login/"},
    {"POST", "/account/login/"},
    {"GET", "/account/send_otp/"},
    {"GET", "/account/send_otp/{email}/"},
    {"POST", "/account/send_otp/"},
    {"GET", "/account/verify_otp/"},
    {"POST", "/account/verify_otp/"},
    {"GET", "/account/logout/"},
    {"POST", "/account/logout/"},
};
constexpr int kRouteCount = static_cast<int>(sizeof kRoutes / sizeof kRoutes[0]);

const Router<int>& router() {
  static const Router<int> r = [] {
    Router<int> built;
    for (int i = 0; i < kRouteCount; ++i) built.add(kRoutes[i].method, kRoutes[i].pattern, i);
    return built;
  }();
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  std::string method = "GET", target = input;
  if (auto space = input.find(' '); space != std::string::npos) {
    method = input.substr(0, space);
    target = input.substr(space + 1);
  }
  // As the server splits the request target.
  auto q = target.find('?');
  std::string path = target.substr(0, q);
  std::string query = q == std::string::npos ? std::string{} : target.substr(q + 1);
  (void)parse_urlencoded(query);

  auto raw_segments = Router<int>::split(path);
  std::string rejoined;
  for (auto& raw : raw_segments) {
    FUZZ_CHECK(!raw.empty() && raw.find('/') == std::string::npos);
    rejoined += "/" + raw;
  }
  FUZZ_CHECK(Router<int>::split(rejoined) == raw_segments);

  std::vector<std::string> segments;
  for (auto& raw : raw_segments) {
    auto decoded = percent_decode(raw, false);
    if (!decoded) return 0;  // the server answers 400
    segments.push_back(std::move(*decoded));
  }

  for (const std::string& m : {method, std::string("GET"), std::string("POST"), std::string("HEAD")}) {
    auto match = router().match(m, segments);
    if (!match.path_found) {
      FUZZ_CHECK(!match.handler && match.allowed.empty() && match.params.empty());
      continue;
    }
    FUZZ_CHECK(!match.allowed.empty());
    if (!match.handler) {
      FUZZ_CHECK(match.params.empty());
      continue;
    }
    int index = *match.handler;
    FUZZ_CHECK(index >= 0 && index < kRouteCount);
    const auto& route = kRoutes[index];
    FUZZ_CHECK(m == route.method || (m == "HEAD" && std::string_view(route.method) == "GET"));
    FUZZ_CHECK(match.allowed.find(route.method) != std::string::npos);
    // A captured parameter is exactly the decoded segment in its place; literals match exactly.
    auto pattern = Router<int>::split(route.pattern);
    FUZZ_CHECK(pattern.size() == segments.size());
    std::set<std::string> names;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
      if (pattern[i].front() == '{') {
        auto name = pattern[i].substr(1, pattern[i].size() - 2);
        names.insert(name);
        auto it = match.params.find(name);
        FUZZ_CHECK(it != match.params.end() && it->second == segments[i]);
      } else {
        FUZZ_CHECK(pattern[i] == segments[i]);
      }
    }
    FUZZ_CHECK(match.params.size() == names.size());
  }
  return 0;
}
