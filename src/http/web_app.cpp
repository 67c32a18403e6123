#include "http/web_app.hpp"

#include <chrono>
#include <optional>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "http/cookies.hpp"
#include "http/handlers/handlers.hpp"
#include "log/log.hpp"

namespace matricula::http {
namespace {

constexpr const char* kSessionCookie = "matricula_session";

bool constant_time_equal(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

std::string content_hash(const std::string& text) {
  // FNV-1a: a cache-busting fingerprint, not a security measure.
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  std::ostringstream hex;
  hex << std::hex << (h & 0xffffffffffull);
  return hex.str();
}

struct ErrorText {
  const char* title;
  const char* message;
};

ErrorText error_text(int status) {
  switch (status) {
    case 400: return {"Bad request", "We could not understand that request."};
    case 403: return {"Forbidden",
                      "This form has expired or was sent from another site. Go back, reload the page and try again."};
    case 404: return {"Page not found", "There is no page at this address."};
    case 405: return {"Method not allowed", "This page cannot be used that way."};
    case 413: return {"Too large", "What you sent is larger than we accept."};
    case 429: return {"Too many requests", "Too many attempts. Please wait a minute and try again."};
    case 431: return {"Headers too large", "Your browser sent more header data than we accept."};
    case 503: return {"Busy", "We are very busy right now. Please try again in a moment."};
    default: return {"Something went wrong", "Something went wrong on our side. Please try again later."};
  }
}

// An id to find a request's log lines by: unique, not secret. 72 bits of a per-thread
// splitmix64 sequence seeded from the system's random source, as 12 base64url characters,
// so that naming a request costs no system call.
std::string new_request_id(Random& random) {
  thread_local std::uint64_t state = [&random] {
    std::uint64_t seed = 0;
    random.fill({reinterpret_cast<std::uint8_t*>(&seed), sizeof seed});
    return seed;
  }();
  auto next = [] {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  };
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string id(12, '\0');
  auto bits = next();
  auto more = next();
  for (std::size_t i = 0; i < id.size(); ++i) {
    if (i == 10) bits = more;
    id[i] = alphabet[bits & 63];
    bits >>= 6;
  }
  return id;
}

}  // namespace

WebApp::WebApp(Services& services, const Views& views, Metrics& metrics, SiteSettings site,
               const std::string& static_dir)
    : services_(services), views_(views), metrics_(metrics), site_(std::move(site)) {
  auto scheme_end = site_.site_url.find("://");
  auto path_start = site_.site_url.find('/', scheme_end + 3);
  site_origin_ = site_.site_url.substr(0, path_start);
  std::ifstream css(std::filesystem::path(static_dir) / "app.css");
  std::stringstream text;
  text << css.rdbuf();
  stylesheet_ = text.str();
  stylesheet_path_ = "/static/app." + content_hash(stylesheet_) + ".css";
  site_.stylesheet_url = stylesheet_path_;
  add_page_routes(router_);
}

Response WebApp::error_page(int status, const std::string& request_id) {
  auto text = error_text(status);
  ViewData data;
  data.set("status", std::to_string(status));
  data.set("title", text.title);
  data.set("message", text.message);
  data.set("stylesheet", stylesheet_path_);
  data.set("flashes", ViewData{ViewData::type::list});
  if (!request_id.empty()) data.set("request_id", request_id);
  Response response;
  response.status = status;
  response.set("Content-Type", "text/html; charset=utf-8");
  try {
    response.body = views_.render_page("errors/error", data);
  } catch (const std::exception&) {
    response.body = std::string(text.title) + "\n";
  }
  finish(response, false);
  return response;
}

bool WebApp::csrf_ok(Context& ctx) {
  auto& origin = ctx.request.header("origin");
  if (!origin.empty() && origin != site_origin_) {
    // Also accept the origin the browser used to reach us directly (e.g. 127.0.0.1 vs localhost).
    auto& host = ctx.request.header("host");
    if (origin != "http://" + host && origin != "https://" + host) return false;
  }
  if (!ctx.has_session()) return false;
  auto token = field(ctx.form, "csrf_token");
  if (token.empty()) token = ctx.request.header("x-csrf-token");
  return !token.empty() && constant_time_equal(token, ctx.session().csrf_token);
}

Response WebApp::dispatch(Request& request, Context& ctx) {
  if (!host_allowed(request.header("host"))) return error_page(400, ctx.request_id);
  ctx.client_ip = client_ip(site_.proxies, request.remote_ip, request.header("x-forwarded-for"));
  auto raw_segments = Router<PageHandler>::split(request.path);
  std::vector<std::string> segments;
  for (auto& raw : raw_segments) {
    auto decoded = percent_decode(raw, false);
    if (!decoded) return error_page(400, ctx.request_id);
    segments.push_back(std::move(*decoded));
  }
  auto match = router_.match(request.method, segments);
  if (!match.path_found) return error_page(404, ctx.request_id);
  auto cookies = parse_cookies(request.header("cookie"));
  if (auto it = cookies.find(kSessionCookie); it != cookies.end())
    if (auto session = load_session(services_, it->second)) ctx.attach_session(std::move(*session));
  // The admin area answers everyone but superusers exactly like a page that does not exist,
  // whatever the method, before CSRF or method checks could tell it apart.
  if (segments.size() >= 1 && segments[0] == "admin" && !(ctx.user() && ctx.user()->superuser))
    return error_page(404, ctx.request_id);
  if (!match.handler) {
    auto response = error_page(405, ctx.request_id);
    response.set("Allow", match.allowed);
    return response;
  }
  ctx.params = std::move(match.params);
  ctx.route = match.pattern;

  auto query = parse_urlencoded(request.query);
  if (!query) return error_page(400, ctx.request_id);
  ctx.query = std::move(*query);

  if (request.method == "POST") {
    auto& type = request.header("content-type");
    if (type.rfind("application/x-www-form-urlencoded", 0) == 0) {
      auto form = parse_urlencoded(request.body);
      if (!form) return error_page(400, ctx.request_id);
      ctx.form = std::move(*form);
    } else if (type.rfind("multipart/form-data", 0) == 0) {
      auto parts = parse_multipart(request.body, type);
      if (!parts) return error_page(400, ctx.request_id);
      for (auto& part : *parts) {
        if (part.filename.empty())
          ctx.form.emplace(part.name, std::string(part.data));
        else
          ctx.files.emplace(part.name, part);
      }
    }
    if (!csrf_ok(ctx)) {
      log::info("csrf refused", {{"request_id", ctx.request_id}, {"route", ctx.route}, {"client_ip", ctx.client_ip}});
      return error_page(403, ctx.request_id);
    }
  }
  Page page{ctx, views_, site_, metrics_};
  auto response = (*match.handler)(page);
  if (response.status == 404 && response.body.empty()) response = error_page(404, ctx.request_id);
  ctx.save();
  if (ctx.new_cookie_id)
    response.set("Set-Cookie", set_cookie(kSessionCookie, *ctx.new_cookie_id, {site_.secure_cookies, -1}));
  return response;
}

// Links in mail come from the site URL, never from Host; still, a request for a name
// we do not serve is refused rather than answered (DNS rebinding, cache poisoning).
bool WebApp::host_allowed(const std::string& host_header) const {
  std::string host = host_header;
  if (!host.empty() && host.front() == '[') {
    host = host.substr(1, host.find(']') - 1);
  } else if (auto colon = host.rfind(':'); colon != std::string::npos) {
    host.resize(colon);
  }
  for (auto& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return !host.empty() && std::find(site_.allowed_hosts.begin(), site_.allowed_hosts.end(), host) != site_.allowed_hosts.end();
}

Response WebApp::handle(Request& request) {
  if (request.path == stylesheet_path_ && (request.method == "GET" || request.method == "HEAD")) {
    Response css;
    css.body = stylesheet_;
    css.set("Content-Type", "text/css; charset=utf-8");
    css.set("Cache-Control", "public, max-age=31536000, immutable");
    finish(css, true);
    return css;
  }
  auto started = std::chrono::steady_clock::now();
  Context ctx(request, services_, new_request_id(services_.random));
  Response response;
  try {
    if (auto answer = operations(request, ctx))
      response = std::move(*answer);
    else
      response = dispatch(request, ctx);
  } catch (const StoreUnavailable& e) {
    log::error("database unavailable", {{"request_id", ctx.request_id}, {"route", ctx.route}, {"error", e.what()}});
    response = error_page(503, ctx.request_id);
    response.set("Retry-After", "5");
  } catch (const std::exception& e) {
    log::error("request failed", {{"request_id", ctx.request_id}, {"route", ctx.route}, {"error", e.what()}});
    response = error_page(500, ctx.request_id);
  }
  response.set("X-Request-Id", ctx.request_id);
  finish(response, false);

  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  auto route = ctx.route.empty() ? std::string("unmatched") : ctx.route;
  metrics_.observe_request(route, request.method, response.status, seconds);
  auto user = ctx.has_session() && ctx.session().user_id ? *ctx.session().user_id : 0;
  log::info("request", {{"request_id", ctx.request_id},
                        {"method", request.method},
                        {"route", route},
                        {"status", response.status},
                        {"duration_ms", std::round(seconds * 1e6) / 1000},  // to the microsecond
                        {"user_id", static_cast<long long>(user)}});
  return response;
}

std::optional<Response> WebApp::operations(Request& request, Context& ctx) {
  if (request.path != "/healthz" && request.path != "/readyz" && request.path != "/metrics") return std::nullopt;
  ctx.route = request.path;
  if (request.method != "GET" && request.method != "HEAD") {
    auto refused = error_page(405, ctx.request_id);
    refused.set("Allow", "GET");
    return refused;
  }
  if (request.path == "/healthz") return Response::text(200, "ok\n");
  if (request.path == "/readyz") {
    auto problem = site_.readiness();
    return problem.empty() ? Response::text(200, "ready\n") : Response::text(503, problem + "\n");
  }
  // Metrics tell a lot about traffic: only for listed addresses (default: this machine).
  if (!site_.metrics_allow.contains(client_ip(site_.proxies, request.remote_ip, request.header("x-forwarded-for"))))
    return error_page(404, ctx.request_id);
  auto metrics = Response::text(200, metrics_.render());
  metrics.set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
  return metrics;
}

void WebApp::finish(Response& response, bool cacheable) {
  response.set("Content-Security-Policy",
               "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "same-origin");
  response.set("X-Frame-Options", "DENY");
  if (site_.secure_cookies) response.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  if (!cacheable && !response.find("Cache-Control")) response.set("Cache-Control", "no-store");
}

}  // namespace matricula::http
