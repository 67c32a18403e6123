#include "app/register_account.hpp"

#include <optional>

#include "app/email_verification.hpp"
#include "app/throttle.hpp"
#include "domain/email.hpp"
#include "domain/password_policy.hpp"
#include "domain/person_name.hpp"
#include "domain/phone_number.hpp"

namespace matricula {
namespace {

struct ValidForm {
  std::string first_name, last_name, email, phone_number, password;
  Role role;
};

Result<ValidForm> validate(const RegistrationForm& form) {
  auto first = parse_person_name(form.first_name, "first_name", "first name");
  auto last = parse_person_name(form.last_name, "last_name", "last name");
  auto email = Email::parse(form.email);
  auto phone = PhoneNumber::parse(form.phone_number);
  auto role = parse_role(form.role);
  FieldErrors errors;
  errors.collect(first, last, email, phone);
  if (!role) errors.add("role", "Choose student or instructor.");
  std::vector<std::string> personal{form.first_name, form.last_name, form.email};
  if (email) personal.push_back(email->local_part());
  auto password = PasswordPolicy::check(form.password, personal);
  errors.collect(password);
  if (errors.any()) return errors.error();
  return ValidForm{*first, *last, email->str(), phone->str(), *password, *role};
}

void queue_notice(Services& s, const std::string& mail_name, const ValidForm& form) {
  s.store.enqueue_mail(s.mail.compose(mail_name, form.email,
                                      {{"first_name", form.first_name},
                                       {"login_link", s.settings.site_url + "/account/login/"},
                                       {"code_link", s.settings.site_url + "/account/send_otp/"},
                                       {"register_link", s.settings.site_url + "/account/register/"}}),
                       s.clock.now());
}

}  // namespace

Status register_account(Services& s, const RegistrationForm& form, const std::string& client_ip) {
  if (auto wait = throttle_hit(s, "register:ip:" + client_ip, s.settings.limits.registrations_per_ip))
    return Error::rate_limited(wait);
  auto valid = validate(form);
  if (!valid) return valid.error();
  // Hash first, whatever happens next, so a known address answers in the same time.
  auto hash = s.hasher.hash(valid->password);
  auto now = s.clock.now();

  std::optional<std::string> notice;
  bool created = s.store.transaction([&] {
    notice.reset();
    if (s.store.find_user_by_email(valid->email)) {
      notice = "account_exists";
      return false;
    }
    if (s.store.phone_in_use(valid->phone_number)) {
      notice = "phone_in_use";
      return false;
    }
    auto id = s.store.insert_user({valid->email, hash, valid->first_name, valid->last_name, now});
    if (!id) {
      notice = "account_exists";
      return false;
    }
    Profile profile{*id, valid->role, valid->first_name + " " + valid->last_name, valid->phone_number};
    if (!s.store.insert_profile(profile)) {  // lost a race for the phone number
      notice = "phone_in_use";
      return false;
    }
    queue_verification_mail(s, User{.id = *id, .email = valid->email, .first_name = valid->first_name});
    return true;
  });
  if (!created && notice) {
    s.store.transaction([&] {
      queue_notice(s, *notice, *valid);
      return true;
    });
  }
  return Ok{};
}

}  // namespace matricula
