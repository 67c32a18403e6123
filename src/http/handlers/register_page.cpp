#include "app/register_account.hpp"
#include "http/handlers/handlers.hpp"

namespace matricula::http {
namespace {

const std::vector<std::string> kFields{"first_name", "last_name", "email", "phone_number", "password", "role"};

Response show(Page& page, Form values, const std::map<std::string, std::string>& errors, int status) {
  ViewData data;
  data.set("title", "Create an account");
  values.erase("password");  // never sent back
  fill_form(data, values, errors, kFields);
  data.set(field(values, "role") == "instructor" ? "role_instructor" : "role_student", true);
  if (!errors.empty()) data.set("form_error", "Please correct the errors below.");
  return page.render_form("account/register", data, status);
}

}  // namespace

Response register_form(Page& page) {
  if (page.ctx.user()) return Response::redirect("/");
  return show(page, {}, {}, 200);
}

Response register_submit(Page& page) {
  auto& f = page.ctx.form;
  RegistrationForm form{field(f, "first_name"), field(f, "last_name"), field(f, "email"),
                        field(f, "phone_number"), field(f, "password"), field(f, "role")};
  auto result = register_account(page.ctx.services, form, page.ctx.client_ip);
  if (!result && result.error().code == ErrorCode::rate_limited) return page.rate_limited(result.error());
  if (!result) return show(page, f, result.error().fields, 400);
  page.site.on_mail_queued();
  page.ctx.flash("success",
                 "Thanks! Check your inbox: we sent a link to " + field(f, "email") +
                     ". Follow it to confirm your address, then sign in.");
  return Response::redirect("/account/login/");
}

}  // namespace matricula::http
