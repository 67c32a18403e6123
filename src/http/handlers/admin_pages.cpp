// /admin/: superusers only. Everyone else gets the same 404 as for a page that does not
// exist, so the area does not even show that it is there.
#include <ctime>

#include "app/admin.hpp"
#include "app/profile.hpp"
#include "http/handlers/handlers.hpp"

namespace matricula::http {
namespace {

std::optional<User> superuser(Page& page) {
  auto& user = page.ctx.user();
  if (!user || !user->superuser) return std::nullopt;
  return user;
}

// An empty 404: WebApp answers it with its usual 404 page.
Response not_found() { return Response::text(404, ""); }

std::string date(Timestamp t) {
  std::time_t time = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&time, &tm);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%d %H:%M UTC", &tm);
  return out;
}

ViewData user_row(const User& u) {
  ViewData row;
  row.set("id", std::to_string(u.id));
  row.set("email", u.email);
  row.set("name", u.full_name());
  row.set("status", !u.active ? "deactivated" : u.verified() ? "active" : "unverified");
  if (u.superuser) row.set("superuser", true);
  row.set("joined", date(u.joined_at));
  return row;
}

}  // namespace

Response admin_users(Page& page) {
  if (!superuser(page)) return not_found();
  auto search = field(page.ctx.query, "q");
  UserId after = 0;
  try {
    after = std::stoll(field(page.ctx.query, "after").empty() ? "0" : field(page.ctx.query, "after"));
  } catch (...) {
  }
  auto result = list_users(page.ctx.services, search, after);
  ViewData data;
  data.set("title", "Users");
  data.set("q", search);
  ViewData rows{ViewData::type::list};
  for (auto& u : result.users) rows.push_back(user_row(u));
  data.set("users", rows);
  if (result.users.empty()) data.set("none", true);
  if (result.next_after)
    data.set("next_url", "/admin/?q=" + url_encode(search) + "&after=" + std::to_string(result.next_after));
  return page.render_form("admin/users", data);
}

Response admin_user(Page& page) {
  if (!superuser(page)) return not_found();
  UserId id = 0;
  try {
    id = std::stoll(page.ctx.params["id"]);
  } catch (...) {
    return not_found();
  }
  auto details = account_data(page.ctx.services, id);
  if (!details) return not_found();
  auto& u = details->user;
  ViewData data = user_row(u);
  data.set("title", u.full_name());
  if (u.active) data.set("active", true);
  if (u.verified()) data.set("verified_at", date(*u.email_verified_at));
  if (u.last_login_at) data.set("last_login", date(*u.last_login_at));
  ViewData profiles{ViewData::type::list};
  for (auto& p : details->profiles) {
    ViewData row;
    row.set("role", p.role == Role::student ? "Student" : "Instructor");
    row.set("phone", p.phone_number);
    if (p.role == Role::instructor) {
      data.set("instructor", true);
      row.set("headline", p.headline);
      if (!p.approved) {
        row.set("awaiting", true);
        data.set("instructor_awaiting", true);
      }
    }
    profiles.push_back(row);
  }
  data.set("profiles", profiles);
  ViewData sessions{ViewData::type::list};
  for (auto& s : details->sessions) {
    ViewData row;
    row.set("created", date(s.created_at));
    row.set("last_seen", date(s.last_seen_at));
    sessions.push_back(row);
  }
  data.set("sessions", sessions);
  ViewData events{ViewData::type::list};
  for (auto& e : details->events) {
    ViewData row;
    row.set("action", e.action);
    row.set("detail", e.detail);
    row.set("ip", e.ip);
    row.set("at", date(e.created_at));
    row.set("by", !e.actor_id ? "system" : *e.actor_id == u.id ? "the user" : "admin #" + std::to_string(*e.actor_id));
    events.push_back(row);
  }
  data.set("events", events);
  return page.render_form("admin/user", data);
}

Response admin_action(Page& page) {
  auto admin = superuser(page);
  if (!admin) return not_found();
  auto action = parse_admin_action(page.ctx.params["action"]);
  UserId id = 0;
  try {
    id = std::stoll(page.ctx.params["id"]);
  } catch (...) {
    return not_found();
  }
  if (!action) return not_found();
  auto result = admin_act(page.ctx.services, *admin, id, *action, page.ctx.client_ip);
  if (!result) {
    if (result.error().code == ErrorCode::not_found) return not_found();
    page.ctx.flash("warning", result.error().message);
    return Response::redirect("/admin/users/" + std::to_string(id) + "/");
  }
  if (*action == AdminAction::resend_verification) page.site.on_mail_queued();
  page.ctx.flash("success", "Done: " + page.ctx.params["action"] + ".");
  if (*action == AdminAction::delete_user) return Response::redirect("/admin/");
  return Response::redirect("/admin/users/" + std::to_string(id) + "/");
}

}  // namespace matricula::http
