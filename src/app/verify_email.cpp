#include "app/verify_email.hpp"

#include <optional>

#include "app/email_verification.hpp"
#include "app/throttle.hpp"
#include "domain/email.hpp"

namespace matricula {

Result<User> verify_email(Services& s, const std::string& token) {
  const Error invalid{ErrorCode::invalid_token, "This link is invalid, already used or expired.", {}};
  if (token.empty() || token.size() > 128) return invalid;
  auto now = s.clock.now();
  std::optional<User> user;
  s.store.transaction([&] {
    auto id = s.store.consume_email_token(verification_token_digest(s, token), TokenPurpose::verify_email, now);
    if (!id) return false;
    s.store.mark_email_verified(*id, now);
    user = s.store.find_user(*id);
    return user.has_value();
  });
  if (!user) return invalid;
  return std::move(*user);
}

Status resend_verification(Services& s, const std::string& email) {
  auto address = Email::parse(email);
  if (!address) return address.error();
  if (auto wait = throttle_hit(s, "resend:address:" + address->str(), s.settings.limits.verification_resends_per_address))
    return Error::rate_limited(wait);
  s.store.transaction([&] {
    auto user = s.store.find_user_by_email(address->str());
    if (!user || !user->active || user->verified()) {
      // Compose a mail that is never sent, so an unknown address costs the same time.
      (void)s.mail.compose("verify_email", address->str(), {{"first_name", "there"}, {"link", s.settings.site_url}});
      return false;
    }
    queue_verification_mail(s, *user);
    return true;
  });
  return Ok{};
}

}  // namespace matricula
