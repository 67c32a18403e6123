#include "app/profile.hpp"

#include <algorithm>

#include "app/audit.hpp"
#include "app/login_code_flow.hpp"
#include "domain/login_code.hpp"
#include "domain/password_policy.hpp"
#include "domain/person_name.hpp"
#include "domain/phone_number.hpp"
#include "domain/text.hpp"

namespace matricula {
namespace {

Result<std::string> parse_text(std::string_view input, const std::string& field, std::size_t max_length,
                               const std::string& label) {
  auto normalised = text::nfkc(text::trim(input));
  if (!normalised) return Error::field(field, label + " contains characters we cannot read.");
  if (text::code_points(*normalised) > max_length)
    return Error::field(field, label + " can be at most " + std::to_string(max_length) + " characters.");
  return std::move(*normalised);
}

bool has_role(const std::vector<Profile>& profiles, Role role) {
  return std::any_of(profiles.begin(), profiles.end(), [&](auto& p) { return p.role == role; });
}

}  // namespace

Status update_profile(Services& s, UserId user, const ProfileForm& form, const std::string& ip) {
  auto first = parse_person_name(form.first_name, "first_name", "first name");
  auto last = parse_person_name(form.last_name, "last_name", "last name");
  auto phone = PhoneNumber::parse(form.phone_number);
  auto headline = parse_text(form.headline, "headline", 120, "The headline");
  auto bio = parse_text(form.bio, "bio", 2000, "The bio");
  FieldErrors errors;
  errors.collect(first, last, phone, headline, bio);
  if (errors.any()) return errors.error();

  bool phone_taken = false;
  s.store.transaction([&] {
    if (!s.store.change_phone(user, phone->str())) {
      phone_taken = true;
      return false;
    }
    s.store.set_names(user, *first, *last);
    s.store.set_instructor_details(user, *headline, *bio);
    audit(s, user, user, "profile_updated", ip);
    return true;
  });
  if (phone_taken) return Error::field("phone_number", "This phone number belongs to another account.");
  return Ok{};
}

Status set_profile_picture(Services& s, UserId user, std::string_view upload, const std::string& ip) {
  auto processed = s.images.process(upload);
  if (!processed) return processed.error();
  Picture picture{s.random.url_token(16), processed->content_type, std::move(processed->large),
                  std::move(processed->small), s.clock.now()};
  s.store.transaction([&] {
    s.store.save_picture(user, picture);
    audit(s, user, user, "picture_changed", ip);
    return true;
  });
  return Ok{};
}

Status remove_profile_picture(Services& s, UserId user, const std::string& ip) {
  s.store.transaction([&] {
    if (!s.store.delete_picture(user)) return false;
    audit(s, user, user, "picture_removed", ip);
    return true;
  });
  return Ok{};
}

Status request_teaching(Services& s, UserId user, const std::string& ip) {
  auto found = s.store.find_user(user);
  if (!found) return Error{ErrorCode::not_found, "This account no longer exists.", {}};
  auto profiles = s.store.profiles_of(user);
  if (has_role(profiles, Role::instructor))
    return Error{ErrorCode::conflict, "You already have an instructor profile.", {}};
  if (profiles.empty()) return Error{ErrorCode::conflict, "Add a phone number to your profile first.", {}};
  Profile instructor{user, Role::instructor, found->full_name(), profiles.front().phone_number, "", "",
                     !s.settings.instructor_approval};
  s.store.transaction([&] {
    if (!s.store.insert_profile(instructor)) return false;
    audit(s, user, user, "teaching_requested", ip, instructor.approved ? "approved" : "awaiting approval");
    return true;
  });
  return Ok{};
}

std::optional<AccountData> account_data(Services& s, UserId user) {
  auto found = s.store.find_user(user);
  if (!found) return std::nullopt;
  return AccountData{*found, s.store.profiles_of(user), s.store.sessions_of(user), s.store.audit_of(user, 50),
                     s.store.picture_of(user)};
}

Status delete_own_account(Services& s, UserId user, const std::string& password, const std::string& code,
                          const std::string& ip) {
  auto found = s.store.find_user(user);
  if (!found) return Error{ErrorCode::not_found, "This account no longer exists.", {}};
  auto now = s.clock.now();
  bool proven = false;
  if (!password.empty()) {
    proven = s.hasher.verify(found->password_hash, PasswordPolicy::normalise(password));
  } else if (auto typed = LoginCode::normalise(code)) {
    proven = s.store.consume_login_code(user, login_code_digest(s, user, *typed), LoginCode::max_attempts, now);
    if (!proven) s.store.record_failed_login_code(user, now);
  }
  if (!proven)
    return Error::field(password.empty() ? "code" : "password",
                        password.empty() ? "That code is not right or has expired." : "That password is not right.");
  s.store.transaction([&] {
    s.store.delete_user(user);
    audit(s, std::nullopt, std::nullopt, "account_deleted", ip, found->email);
    return true;
  });
  return Ok{};
}

}  // namespace matricula
