#include "app/login_code_flow.hpp"
#include "http/handlers/handlers.hpp"

namespace matricula::http {

Response send_otp_form(Page& page) {
  if (page.ctx.user()) return Response::redirect("/");
  ViewData data;
  data.set("title", "Sign in with a code");
  Form values;
  // The seed's /account/send_otp/<email>/ only prefills the form: a GET never sends mail.
  if (auto it = page.ctx.params.find("email"); it != page.ctx.params.end()) values["email"] = it->second;
  fill_form(data, values, {}, {"email"});
  return page.render_form("account/send_otp", data);
}

Response send_otp_submit(Page& page) {
  auto email = field(page.ctx.form, "email");
  auto result = request_login_code(page.ctx.services, email, page.ctx.client_ip);
  if (!result && result.error().code == ErrorCode::rate_limited) return page.rate_limited(result.error());
  if (!result) {
    ViewData data;
    data.set("title", "Sign in with a code");
    fill_form(data, page.ctx.form, result.error().fields, {"email"});
    return page.render_form("account/send_otp", data, 400);
  }
  page.site.on_mail_queued();
  page.ctx.session().pending_login_email = email;
  page.ctx.flash("success",
                 "If an account exists for " + email + ", we sent a sign-in code to it. It is valid for 5 minutes.");
  return Response::redirect("/account/verify_otp/");
}

Response verify_otp_form(Page& page) {
  if (page.ctx.user()) return Response::redirect("/");
  ViewData data;
  data.set("title", "Enter your code");
  auto& pending = page.ctx.session().pending_login_email;
  if (!pending.empty()) data.set("pending_email", pending);
  return page.render_form("account/verify_otp", data);
}

Response verify_otp_submit(Page& page) {
  auto pending = page.ctx.session().pending_login_email;
  if (pending.empty()) {
    page.ctx.flash("warning", "Ask for a sign-in code first.");
    return Response::redirect("/account/send_otp/");
  }
  auto result = redeem_login_code(page.ctx.services, pending, field(page.ctx.form, "otp"), page.ctx.client_ip);
  page.count_signin("code", result ? nullptr : &result.error());
  if (!result && result.error().code == ErrorCode::rate_limited) return page.rate_limited(result.error());
  if (!result) {
    ViewData data;
    data.set("title", "Enter your code");
    data.set("pending_email", pending);
    data.set("otp_error", result.error().message);
    data.set("otp_focus", true);
    return page.render_form("account/verify_otp", data, 400);
  }
  page.ctx.session().pending_login_email.clear();
  page.ctx.sign_in(*result);
  page.ctx.flash("success", "Welcome, " + result->first_name + ". You are signed in.");
  return Response::redirect("/");
}

}  // namespace matricula::http
