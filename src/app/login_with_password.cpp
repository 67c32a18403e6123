#include "app/login_with_password.hpp"

#include "app/audit.hpp"
#include "app/throttle.hpp"
#include "domain/email.hpp"
#include "domain/password_policy.hpp"

namespace matricula {

Result<User> login_with_password(Services& s, const std::string& email, const std::string& password,
                                 const std::string& client_ip) {
  const Error invalid{ErrorCode::invalid_credentials, "The e-mail address or password is not right.", {}};
  auto& limits = s.settings.limits;
  auto address = Email::parse(email);
  auto ip_failures = "signin-failed:ip:" + client_ip;
  auto account_failures = "signin-failed:account:" + (address ? address->str() : std::string("-"));
  for (auto wait : {throttle_hit(s, "signin:ip:" + client_ip, limits.signin_per_ip),
                    throttle_check(s, ip_failures, limits.failed_signin_per_ip),
                    throttle_check(s, account_failures, limits.failed_signin_per_account)})
    if (wait) return Error::rate_limited(wait);
  auto failed = [&] {
    throttle_hit(s, ip_failures, limits.failed_signin_per_ip);
    throttle_hit(s, account_failures, limits.failed_signin_per_account);
    return invalid;
  };

  auto normalised = PasswordPolicy::normalise(password);
  auto user = address ? s.store.find_user_by_email(address->str()) : std::nullopt;
  if (!user || password.size() > 4 * PasswordPolicy::max_length) {
    s.hasher.verify_dummy(normalised);
    return failed();
  }
  if (!s.hasher.verify(user->password_hash, normalised)) {
    audit(s, user->id, user->id, "signin_failed", client_ip, "password");
    return failed();
  }
  if (!user->active) return Error{ErrorCode::account_inactive, "This account has been deactivated.", {}};
  if (!user->verified())
    return Error{ErrorCode::email_not_verified,
                 "Please confirm your e-mail address first: follow the link we sent you.", {}};
  auto now = s.clock.now();
  if (s.hasher.needs_rehash(user->password_hash)) {
    user->password_hash = s.hasher.hash(normalised);
    s.store.set_password_hash(user->id, user->password_hash);
  }
  s.store.record_login(user->id, now);
  audit(s, user->id, user->id, "signed_in", client_ip, "password");
  user->last_login_at = now;
  return std::move(*user);
}

}  // namespace matricula
