#include "app/login_code_flow.hpp"

#include <array>

#include "app/audit.hpp"
#include "app/throttle.hpp"
#include "domain/email.hpp"
#include "domain/login_code.hpp"

namespace matricula {
std::string login_code_digest(Services& s, UserId user, const std::string& code) {
  return s.digest.digest("login-code:" + std::to_string(user) + ":" + code);
}

Status request_login_code(Services& s, const std::string& email, const std::string& client_ip) {
  auto address = Email::parse(email);
  if (!address) return address.error();
  // Counted per address whether or not it has an account: the limit reveals nothing.
  auto& limits = s.settings.limits;
  for (auto wait : {throttle_hit(s, "code:ip:" + client_ip, limits.code_requests_per_ip),
                    throttle_hit(s, "code:address:" + address->str(), limits.code_requests_per_address),
                    throttle_hit(s, "code-hour:address:" + address->str(), limits.code_requests_per_account_hour)})
    if (wait) return Error::rate_limited(wait);
  auto now = s.clock.now();
  s.store.transaction([&] {
    auto user = s.store.find_user_by_email(address->str());
    // The code and its mail are made either way, so an unknown address costs the same time.
    std::array<std::uint8_t, LoginCode::length> bytes{};
    s.random.fill(bytes);
    auto code = LoginCode::from_random(bytes);
    auto mail = s.mail.compose("login_code", address->str(),
                               {{"first_name", user ? user->first_name : std::string("there")},
                                {"code", LoginCode::display(code)},
                                {"minutes", std::to_string(LoginCode::lifetime_seconds / 60)},
                                {"link", s.settings.site_url + "/account/verify_otp/"}});
    if (!user || !user->active) return false;
    s.store.replace_login_code(user->id, login_code_digest(s, user->id, code), now, now + LoginCode::lifetime_seconds);
    s.store.enqueue_mail(mail, now);
    return true;
  });
  return Ok{};
}

Result<User> redeem_login_code(Services& s, const std::string& email, const std::string& typed_code,
                               const std::string& client_ip) {
  const Error invalid{ErrorCode::invalid_code, "That code is not right or has expired. Ask for a new one.", {}};
  // Wrong codes count with wrong passwords: guessing codes across many accounts from one
  // address is as limited as guessing passwords.
  auto ip_failures = "signin-failed:ip:" + client_ip;
  if (auto wait = throttle_check(s, ip_failures, s.settings.limits.failed_signin_per_ip))
    return Error::rate_limited(wait);
  auto failed = [&] {
    throttle_hit(s, ip_failures, s.settings.limits.failed_signin_per_ip);
    return invalid;
  };
  auto address = Email::parse(email);
  if (!address) return failed();
  auto user = s.store.find_user_by_email(address->str());
  bool known = user && user->active;
  // An unknown address runs the same statements against no account (id 0), so the time
  // of an answer does not tell whether the address has one.
  UserId id = known ? user->id : 0;
  auto now = s.clock.now();
  auto code = LoginCode::normalise(typed_code);
  bool accepted = false;
  s.store.transaction([&] {
    accepted = s.store.consume_login_code(id, login_code_digest(s, id, code.value_or("")), LoginCode::max_attempts, now) &&
               known && code;
    if (!accepted) {
      s.store.record_failed_login_code(id, now);
      return true;
    }
    if (!user->verified()) {
      s.store.mark_email_verified(user->id, now);
      user->email_verified_at = now;
    }
    s.store.record_login(user->id, now);
    audit(s, user->id, user->id, "signed_in", client_ip, "code");
    user->last_login_at = now;
    return true;
  });
  if (!accepted) return failed();
  return std::move(*user);
}

}  // namespace matricula
