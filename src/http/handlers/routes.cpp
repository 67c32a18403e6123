#include "http/handlers/handlers.hpp"

namespace matricula::http {

// The seed's URLs, kept.
void add_page_routes(Router<PageHandler>& r) {
  r.add("GET", "/", home);
  r.add("GET", "/account/register/", register_form);
  r.add("POST", "/account/register/", register_submit);
  r.add("GET", "/account/verify-account/{token}/", verify_account);
  r.add("GET", "/account/resend-verification/", resend_verification_form);
  r.add("POST", "/account/resend-verification/", resend_verification_submit);
  r.add("GET", "/account/login/", login_form);
  r.add("POST", "/account/login/", login_submit);
  r.add("GET", "/account/send_otp/", send_otp_form);
  r.add("GET", "/account/send_otp/{email}/", send_otp_form);  // prefills the form, sends nothing
  r.add("POST", "/account/send_otp/", send_otp_submit);
  r.add("GET", "/account/verify_otp/", verify_otp_form);
  r.add("POST", "/account/verify_otp/", verify_otp_submit);
  r.add("GET", "/account/logout/", logout_confirm);
  r.add("POST", "/account/logout/", logout_submit);

  r.add("GET", "/account/profile/", profile_form);
  r.add("POST", "/account/profile/", profile_submit);
  r.add("POST", "/account/profile/picture/", picture_upload);
  r.add("POST", "/account/profile/picture/remove/", picture_remove);
  r.add("POST", "/account/teach/", teach_submit);
  r.add("GET", "/account/data/", data_download);
  r.add("GET", "/account/delete/", delete_form);
  r.add("POST", "/account/delete/", delete_submit);
  r.add("POST", "/account/delete/code/", delete_code_submit);
  r.add("GET", "/media/pictures/{name}/{size}", picture_file);

  r.add("GET", "/admin/", admin_users);
  r.add("GET", "/admin/users/{id}/", admin_user);
  r.add("POST", "/admin/users/{id}/{action}/", admin_action);
}

}  // namespace matricula::http
