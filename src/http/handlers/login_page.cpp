#include "app/login_with_password.hpp"
#include "http/handlers/handlers.hpp"

namespace matricula::http {
namespace {

Response show(Page& page, const Form& values, const std::string& error, bool offer_resend, int status) {
  ViewData data;
  data.set("title", "Sign in");
  fill_form(data, values, {}, {"user_email"});
  data.set("next", safe_next(field(values, "next")));
  if (!error.empty()) {
    data.set("form_error", error);
    data.set("user_email_focus", true);
  }
  if (offer_resend) data.set("offer_resend", true);
  return page.render_form("account/login", data, status);
}

}  // namespace

Response login_form(Page& page) {
  if (page.ctx.user()) return Response::redirect(safe_next(field(page.ctx.query, "next")));
  return show(page, page.ctx.query, "", false, 200);
}

Response login_submit(Page& page) {
  auto& form = page.ctx.form;
  auto result =
      login_with_password(page.ctx.services, field(form, "user_email"), field(form, "password"), page.ctx.client_ip);
  page.count_signin("password", result ? nullptr : &result.error());
  if (!result && result.error().code == ErrorCode::rate_limited) return page.rate_limited(result.error());
  if (!result) {
    auto code = result.error().code;
    return show(page, form, result.error().message, code == ErrorCode::email_not_verified, 400);
  }
  page.ctx.sign_in(*result);
  page.ctx.flash("success", "Welcome back, " + result->first_name + ".");
  return Response::redirect(safe_next(field(form, "next")));
}

}  // namespace matricula::http
