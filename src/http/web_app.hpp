#pragma once
#include <string>

#include "http/pages.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"

namespace matricula::http {

// The whole site as a function from request to response: static files, routing,
// sessions, CSRF, security headers and error pages around the page handlers.
class WebApp {
 public:
  WebApp(Services& services, const Views& views, Metrics& metrics, SiteSettings site, const std::string& static_dir);
  Response handle(Request& request);
  Response error_page(int status, const std::string& request_id = {});

 private:
  Response dispatch(Request& request, Context& ctx);
  // /healthz, /readyz and /metrics: no session, no CSRF; nullopt for other paths.
  std::optional<Response> operations(Request& request, Context& ctx);
  bool csrf_ok(Context& ctx);
  bool host_allowed(const std::string& host_header) const;
  void finish(Response& response, bool cacheable);

  Services& services_;
  const Views& views_;
  Metrics& metrics_;
  SiteSettings site_;
  std::string site_origin_;
  std::string stylesheet_;
  std::string stylesheet_path_;
  Router<PageHandler> router_;
};

}  // namespace matricula::http
