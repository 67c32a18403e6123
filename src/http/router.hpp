#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace matricula::http {

using PathParams = std::map<std::string, std::string>;

// Matches paths like "/account/verify-account/{token}/" segment by segment; a trailing
// slash is optional. Segments are percent-decoded before they are compared or captured.
template <class Handler>
class Router {
 public:
  struct Match {
    const Handler* handler = nullptr;  // null: no route for this method
    bool path_found = false;           // some method is routed here (else 404)
    std::string allowed;               // for 405's Allow header
    std::string pattern;               // the route as added: safe to log, unlike the path
    PathParams params;
  };

  void add(std::string method, std::string pattern, Handler handler) {
    auto segments = split(pattern);
    routes_.push_back({std::move(method), std::move(pattern), std::move(segments), std::move(handler)});
  }

  Match match(const std::string& method, const std::vector<std::string>& segments) const {
    Match result;
    for (auto& route : routes_) {
      PathParams params;
      if (!matches(route.segments, segments, params)) continue;
      result.path_found = true;
      result.pattern = route.pattern;
      if (!result.allowed.empty()) result.allowed += ", ";
      result.allowed += route.method;
      if (route.method == method || (method == "HEAD" && route.method == "GET" && !result.handler)) {
        if (!result.handler) {
          result.handler = &route.handler;
          result.params = std::move(params);
        }
      }
    }
    return result;
  }

  static std::vector<std::string> split(const std::string& path) {
    std::vector<std::string> segments;
    std::size_t start = 0;  // empty segments (a leading, trailing or doubled '/') are skipped
    while (start <= path.size()) {
      auto end = path.find('/', start);
      if (end == std::string::npos) end = path.size();
      if (end > start) segments.push_back(path.substr(start, end - start));
      start = end + 1;
    }
    return segments;
  }

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };

  static bool matches(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
                      PathParams& params) {
    if (pattern.size() != path.size()) return false;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
      auto& p = pattern[i];
      if (p.size() > 2 && p.front() == '{' && p.back() == '}')
        params[p.substr(1, p.size() - 2)] = path[i];
      else if (p != path[i])
        return false;
    }
    return true;
  }

  std::vector<Route> routes_;
};

}  // namespace matricula::http
