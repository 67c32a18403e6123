#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "http/client_ip.hpp"
#include "http/context.hpp"
#include "http/metrics.hpp"
#include "http/views.hpp"

namespace matricula::http {

struct SiteSettings {
  std::string site_url;
  bool secure_cookies = false;
  std::string stylesheet_url;
  NetworkList proxies;
  NetworkList metrics_allow{{"127.0.0.0/8", "::1"}};
  // Empty when the instance can serve (database reachable, migrations current), else why not.
  std::function<std::string()> readiness = [] { return std::string(); };
  std::vector<std::string> allowed_hosts;  // Host header names served (lower case)
  std::function<void()> on_mail_queued = [] {};
};

// What every page handler gets: the request context, the views and the site settings.
struct Page {
  Context& ctx;
  const Views& views;
  const SiteSettings& site;
  Metrics& metrics;

  // Renders templates/NAME.html inside the layout, with the navbar, the flashes and,
  // when there is a session, its CSRF token.
  Response render(const std::string& name, ViewData data, int status = 200);
  // A page with a form: makes sure a session (and so a CSRF token) exists first.
  Response render_form(const std::string& name, ViewData data, int status = 200);
  // 429 with Retry-After and a page that says when to try again.
  Response rate_limited(const Error& error);
  // Counts a sign-in attempt: method "password" or "code", outcome from the result.
  void count_signin(const char* method, const Error* error);
};

using PageHandler = std::function<Response(Page&)>;

// Puts NAME_value, NAME_error and, on the first field in error, NAME_focus into `data`.
void fill_form(ViewData& data, const Form& values, const std::map<std::string, std::string>& errors,
               const std::vector<std::string>& fields);

// `next` when it is a local path ("/…", not "//…"), else "/".
std::string safe_next(const std::string& next);

}  // namespace matricula::http
