#pragma once
#include "http/pages.hpp"
#include "http/router.hpp"

namespace matricula::http {

void add_page_routes(Router<PageHandler>& router);

Response home(Page& page);
Response register_form(Page& page);
Response register_submit(Page& page);
Response verify_account(Page& page);
Response resend_verification_form(Page& page);
Response resend_verification_submit(Page& page);
Response login_form(Page& page);
Response login_submit(Page& page);
Response send_otp_form(Page& page);
Response send_otp_submit(Page& page);
Response verify_otp_form(Page& page);
Response verify_otp_submit(Page& page);
Response logout_confirm(Page& page);
Response logout_submit(Page& page);
Response profile_form(Page& page);
Response profile_submit(Page& page);
Response picture_upload(Page& page);
Response picture_remove(Page& page);
Response picture_file(Page& page);
Response teach_submit(Page& page);
Response data_download(Page& page);
Response delete_form(Page& page);
Response delete_code_submit(Page& page);
Response delete_submit(Page& page);
Response admin_users(Page& page);
Response admin_user(Page& page);
Response admin_action(Page& page);

}  // namespace matricula::http
