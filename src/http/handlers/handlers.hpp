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

}  // namespace matricula::http
