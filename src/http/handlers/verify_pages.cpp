#include "app/verify_email.hpp"
#include "http/handlers/handlers.hpp"

namespace matricula::http {
namespace {

Response show_resend(Page& page, const Form& values, const std::map<std::string, std::string>& errors,
                     const std::string& message, int status) {
  ViewData data;
  data.set("title", "Get a new confirmation link");
  if (!message.empty()) data.set("message", message);
  fill_form(data, values, errors, {"email"});
  return page.render_form("account/resend_verification", data, status);
}

}  // namespace

Response verify_account(Page& page) {
  auto result = verify_email(page.ctx.services, page.ctx.params["token"]);
  if (!result)
    return show_resend(page, {}, {},
                       "This confirmation link is not valid: it may have been used already or have expired. "
                       "Enter your address and we will send you a new one.",
                       400);
  page.ctx.flash("success", "Your e-mail address is confirmed. You can sign in now.");
  return Response::redirect("/account/login/");
}

Response resend_verification_form(Page& page) { return show_resend(page, {}, {}, "", 200); }

Response resend_verification_submit(Page& page) {
  auto email = field(page.ctx.form, "email");
  auto result = resend_verification(page.ctx.services, email);
  if (!result && result.error().code == ErrorCode::rate_limited) return page.rate_limited(result.error());
  if (!result) return show_resend(page, page.ctx.form, result.error().fields, "", 400);
  page.site.on_mail_queued();
  page.ctx.flash("success",
                 "If " + email + " belongs to an account that still needs confirming, a new link is on its way. "
                 "Check your inbox.");
  return Response::redirect("/account/login/");
}

}  // namespace matricula::http
