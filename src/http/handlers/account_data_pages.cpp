#include <nlohmann/json.hpp>

#include "app/login_code_flow.hpp"
#include "app/profile.hpp"
#include "http/handlers/handlers.hpp"

namespace matricula::http {

Response data_download(Page& page) {
  auto& user = page.ctx.user();
  if (!user) return Response::redirect("/account/login/?next=/account/profile/");
  auto data = account_data(page.ctx.services, user->id);
  if (!data) return Response::redirect("/");
  nlohmann::json out;
  auto& u = data->user;
  out["account"] = {{"email", u.email},         {"first_name", u.first_name},   {"last_name", u.last_name},
                    {"active", u.active},       {"joined_at", u.joined_at},     {"superuser", u.superuser},
                    {"email_verified_at", u.email_verified_at ? nlohmann::json(*u.email_verified_at) : nullptr},
                    {"last_login_at", u.last_login_at ? nlohmann::json(*u.last_login_at) : nullptr}};
  out["profiles"] = nlohmann::json::array();
  for (auto& p : data->profiles)
    out["profiles"].push_back({{"role", to_string(p.role)}, {"name", p.name}, {"phone_number", p.phone_number},
                               {"headline", p.headline}, {"bio", p.bio}, {"approved", p.approved}});
  out["sessions"] = nlohmann::json::array();
  for (auto& s : data->sessions) out["sessions"].push_back({{"created_at", s.created_at}, {"last_seen_at", s.last_seen_at}});
  out["events"] = nlohmann::json::array();
  for (auto& e : data->events)
    out["events"].push_back({{"action", e.action}, {"detail", e.detail}, {"ip", e.ip}, {"at", e.created_at}});
  out["picture"] = data->picture ? nlohmann::json(page.site.site_url + "/media/pictures/" + data->picture->name + "/large")
                                 : nlohmann::json(nullptr);
  Response response;
  response.body = out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  response.set("Content-Type", "application/json; charset=utf-8");
  response.set("Content-Disposition", "attachment; filename=\"matricula-account.json\"");
  return response;
}

namespace {

Response show_delete(Page& page, const std::map<std::string, std::string>& errors, int status) {
  ViewData data;
  data.set("title", "Delete your account");
  fill_form(data, {}, errors, {"password", "code"});
  return page.render_form("account/delete", data, status);
}

}  // namespace

Response delete_form(Page& page) {
  if (!page.ctx.user()) return Response::redirect("/account/login/?next=/account/delete/");
  return show_delete(page, {}, 200);
}

Response delete_code_submit(Page& page) {
  auto& user = page.ctx.user();
  if (!user) return Response::redirect("/account/login/");
  auto result = request_login_code(page.ctx.services, user->email, page.ctx.client_ip);
  if (!result && result.error().code == ErrorCode::rate_limited) return page.rate_limited(result.error());
  page.site.on_mail_queued();
  page.ctx.flash("info", "We sent a code to " + user->email + ". Enter it below to delete your account.");
  return Response::redirect("/account/delete/");
}

Response delete_submit(Page& page) {
  auto& user = page.ctx.user();
  if (!user) return Response::redirect("/account/login/");
  auto result = delete_own_account(page.ctx.services, user->id, field(page.ctx.form, "password"),
                                   field(page.ctx.form, "code"), page.ctx.client_ip);
  if (!result) return show_delete(page, result.error().fields, 400);
  page.ctx.sign_out();
  page.ctx.flash("info", "Your account and everything in it are deleted. Goodbye!");
  return Response::redirect("/");
}

}  // namespace matricula::http
