#include "app/email_verification.hpp"

namespace matricula {

std::string verification_token_digest(Services& s, const std::string& token) {
  return s.digest.digest("verify-email:" + token);
}

void queue_verification_mail(Services& s, const User& user) {
  auto now = s.clock.now();
  auto token = s.random.url_token(32);
  s.store.insert_email_token(verification_token_digest(s, token), user.id, TokenPurpose::verify_email, now,
                             now + s.settings.verification_ttl);
  s.store.enqueue_mail(s.mail.compose("verify_email", user.email,
                                      {{"first_name", user.first_name},
                                       {"link", s.settings.site_url + "/account/verify-account/" + token + "/"}}),
                       now);
}

}  // namespace matricula
