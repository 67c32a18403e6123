#include "app/profile.hpp"
#include "http/avatar.hpp"
#include "http/handlers/handlers.hpp"

namespace matricula::http {
namespace {

const std::vector<std::string> kFields{"first_name", "last_name", "phone_number", "headline", "bio"};

Response show(Page& page, const User& user, Form values, const std::map<std::string, std::string>& errors,
              int status) {
  auto profiles = page.ctx.services.store.profiles_of(user.id);
  if (values.empty()) {
    values["first_name"] = user.first_name;
    values["last_name"] = user.last_name;
    if (!profiles.empty()) values["phone_number"] = profiles.front().phone_number;
  }
  ViewData data;
  data.set("title", "Your profile");
  data.set("email", user.email);
  data.set("user_picture_large", picture_url(user, true, 160));
  if (user.picture_name) data.set("user_has_picture", true);
  ViewData roles{ViewData::type::list};
  for (auto& p : profiles) {
    ViewData role;
    role.set("name", p.role == Role::student ? "Student" : "Instructor");
    if (!p.approved) role.set("awaiting", true);
    roles.push_back(role);
    if (p.role == Role::instructor) {
      data.set("instructor", true);
      if (!values.count("headline")) values["headline"] = p.headline;
      if (!values.count("bio")) values["bio"] = p.bio;
    }
  }
  data.set("roles", roles);
  if (!data.get("instructor")) data.set("can_teach", true);
  fill_form(data, values, errors, kFields);
  if (auto e = errors.find("profile_picture"); e != errors.end()) data.set("profile_picture_error", e->second);
  if (errors.size() > errors.count("profile_picture")) data.set("form_error", "Please correct the errors below.");
  return page.render_form("account/profile", data, status);
}

}  // namespace

Response profile_form(Page& page) {
  auto& user = page.ctx.user();
  if (!user) return Response::redirect("/account/login/?next=/account/profile/");
  return show(page, *user, {}, {}, 200);
}

Response profile_submit(Page& page) {
  auto& user = page.ctx.user();
  if (!user) return Response::redirect("/account/login/?next=/account/profile/");
  auto& f = page.ctx.form;
  auto result = update_profile(page.ctx.services, user->id,
                               {field(f, "first_name"), field(f, "last_name"), field(f, "phone_number"),
                                field(f, "headline"), field(f, "bio")},
                               page.ctx.client_ip);
  if (!result) return show(page, *user, f, result.error().fields, 400);
  page.ctx.flash("success", "Your profile is saved.");
  return Response::redirect("/account/profile/");
}

Response picture_upload(Page& page) {
  auto& user = page.ctx.user();
  if (!user) return Response::redirect("/account/login/?next=/account/profile/");
  auto file = page.ctx.files.find("profile_picture");
  auto result = set_profile_picture(page.ctx.services, user->id,
                                    file == page.ctx.files.end() ? std::string_view{} : file->second.data,
                                    page.ctx.client_ip);
  if (!result) return show(page, *user, {}, result.error().fields, 400);
  page.ctx.flash("success", "Your new picture is in place.");
  return Response::redirect("/account/profile/");
}

Response picture_remove(Page& page) {
  auto& user = page.ctx.user();
  if (!user) return Response::redirect("/account/login/");
  (void)remove_profile_picture(page.ctx.services, user->id, page.ctx.client_ip);
  page.ctx.flash("info", "Your picture is removed.");
  return Response::redirect("/account/profile/");
}

Response teach_submit(Page& page) {
  auto& user = page.ctx.user();
  if (!user) return Response::redirect("/account/login/");
  auto result = request_teaching(page.ctx.services, user->id, page.ctx.client_ip);
  if (!result) {
    page.ctx.flash("warning", result.error().message);
  } else if (page.ctx.services.settings.instructor_approval) {
    page.ctx.flash("success", "Thanks! An administrator will review your request to teach.");
  } else {
    page.ctx.flash("success", "You can teach now: your instructor profile is ready.");
  }
  return Response::redirect("/account/profile/");
}

// Pictures never change under a name (a new upload gets a new random name): cache forever.
Response picture_file(Page& page) {
  auto& size = page.ctx.params["size"];
  auto picture = page.ctx.services.store.picture_named(page.ctx.params["name"]);
  if (!picture || (size != "large" && size != "small")) return Response::text(404, "Not found\n");
  auto etag = "\"" + picture->name + "-" + size + "\"";
  Response response;
  if (page.ctx.request.header("if-none-match") == etag) {
    response.status = 304;
  } else {
    response.body = size == "large" ? picture->large : picture->small;
    response.set("Content-Type", picture->content_type);
  }
  response.set("ETag", etag);
  response.set("Cache-Control", "public, max-age=31536000, immutable");
  return response;
}

}  // namespace matricula::http
