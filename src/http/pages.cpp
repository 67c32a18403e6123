#include "http/pages.hpp"

#include "http/avatar.hpp"

#include <algorithm>

namespace matricula::http {

Response Page::render(const std::string& name, ViewData data, int status) {
  data.set("stylesheet", site.stylesheet_url);
  if (ctx.has_session()) data.set("csrf_token", ctx.session().csrf_token);
  if (auto& user = ctx.user()) {
    data.set("signed_in", true);
    data.set("user_name", user->full_name());
    if (user->superuser) data.set("user_is_superuser", true);
    data.set("user_picture_small", picture_url(*user, false, 32));
  }
  if (auto taken = ctx.take_flashes(); !taken.empty()) {  // most pages have none: no list to copy
    ViewData flashes{ViewData::type::list};
    for (auto& f : taken) {
      ViewData item;
      item.set("level", f.level);
      item.set("text", f.text);
      flashes.push_back(item);
    }
    data.set("flashes", flashes);
  }
  Response response;
  response.status = status;
  response.body = views.render_page(name, std::move(data));
  response.set("Content-Type", "text/html; charset=utf-8");
  return response;
}

Response Page::render_form(const std::string& name, ViewData data, int status) {
  ctx.session();
  return render(name, std::move(data), status);
}

void Page::count_signin(const char* method, const Error* error) {
  auto outcome = !error ? "success" : error->code == ErrorCode::rate_limited ? "rate_limited"
                                    : error->code == ErrorCode::email_not_verified ? "unverified"
                                                                                   : "failure";
  metrics.count("matricula_signins_total", std::string("method=\"") + method + "\",outcome=\"" + outcome + "\"");
}

Response Page::rate_limited(const Error& error) {
  metrics.count("matricula_rate_limited_total", "route=\"" + ctx.route + "\"");
  ViewData data;
  data.set("title", "Too many attempts");
  data.set("message", error.message);
  auto response = render("errors/error", data, 429);
  response.set("Retry-After", std::to_string(std::max(1L, error.retry_after_seconds)));
  return response;
}

void fill_form(ViewData& data, const Form& values, const std::map<std::string, std::string>& errors,
               const std::vector<std::string>& fields) {
  bool focused = false;
  for (auto& name : fields) {
    if (auto v = values.find(name); v != values.end()) data.set(name + "_value", v->second);
    if (auto e = errors.find(name); e != errors.end()) {
      data.set(name + "_error", e->second);
      if (!focused) data.set(name + "_focus", true);
      focused = true;
    }
  }
}

std::string safe_next(const std::string& next) {
  if (next.empty() || next.front() != '/' || next.size() > 1000) return "/";
  if (next.size() > 1 && (next[1] == '/' || next[1] == '\\')) return "/";
  for (char c : next)
    if (static_cast<unsigned char>(c) < 0x20 || c == '\\') return "/";
  return next;
}

}  // namespace matricula::http
