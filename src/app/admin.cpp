#include "app/admin.hpp"

#include "app/audit.hpp"
#include "app/email_verification.hpp"
#include "domain/email.hpp"
#include "domain/password_policy.hpp"
#include "domain/person_name.hpp"

namespace matricula {

Result<UserId> create_superuser(Services& s, const std::string& email, const std::string& first_name,
                                const std::string& last_name, const std::string& password) {
  auto address = Email::parse(email);
  auto first = parse_person_name(first_name, "first_name", "first name");
  auto last = parse_person_name(last_name, "last_name", "last name");
  auto checked = PasswordPolicy::check(password, {first_name, last_name, email});
  FieldErrors errors;
  errors.collect(address, first, last, checked);
  if (errors.any()) return errors.error();
  auto now = s.clock.now();
  auto hash = s.hasher.hash(*checked);
  std::optional<UserId> id;
  s.store.transaction([&] {
    id = s.store.insert_user({address->str(), hash, *first, *last, now});
    if (!id) return false;
    s.store.mark_email_verified(*id, now);
    s.store.set_superuser(*id, true);
    audit(s, *id, std::nullopt, "superuser_created", "command line");
    return true;
  });
  if (!id) return Error::field("email", "An account with this address exists already.");
  return *id;
}

UserPage list_users(Services& s, const std::string& search, UserId after, int page_size) {
  UserPage page;
  page.users = s.store.list_users(search, after, page_size + 1);
  if (static_cast<int>(page.users.size()) > page_size) {
    page.users.pop_back();
    page.next_after = page.users.back().id;
  }
  return page;
}

std::optional<AdminAction> parse_admin_action(std::string_view name) {
  if (name == "activate") return AdminAction::activate;
  if (name == "deactivate") return AdminAction::deactivate;
  if (name == "verify_email") return AdminAction::verify_email;
  if (name == "resend_verification") return AdminAction::resend_verification;
  if (name == "approve_instructor") return AdminAction::approve_instructor;
  if (name == "revoke_instructor") return AdminAction::revoke_instructor;
  if (name == "delete_user") return AdminAction::delete_user;
  return std::nullopt;
}

Status admin_act(Services& s, const User& admin, UserId target, AdminAction action, const std::string& ip) {
  auto user = s.store.find_user(target);
  if (!user) return Error{ErrorCode::not_found, "This account no longer exists.", {}};
  if (target == admin.id && (action == AdminAction::deactivate || action == AdminAction::delete_user))
    return Error{ErrorCode::conflict, "You cannot deactivate or delete your own account here.", {}};
  auto now = s.clock.now();
  s.store.transaction([&] {
    switch (action) {
      case AdminAction::activate:
        s.store.set_active(target, true);
        audit(s, target, admin.id, "activated", ip);
        break;
      case AdminAction::deactivate:
        s.store.set_active(target, false);
        audit(s, target, admin.id, "deactivated", ip,
              "sessions ended: " + std::to_string(s.store.delete_sessions_of(target)));
        break;
      case AdminAction::verify_email:
        s.store.mark_email_verified(target, now);
        audit(s, target, admin.id, "email_verified_by_hand", ip);
        break;
      case AdminAction::resend_verification:
        queue_verification_mail(s, *user);
        audit(s, target, admin.id, "verification_resent", ip);
        break;
      case AdminAction::approve_instructor:
        s.store.set_instructor_approved(target, true);
        audit(s, target, admin.id, "instructor_approved", ip);
        break;
      case AdminAction::revoke_instructor:
        s.store.delete_profile(target, Role::instructor);
        audit(s, target, admin.id, "instructor_revoked", ip);
        break;
      case AdminAction::delete_user:
        s.store.delete_user(target);
        audit(s, std::nullopt, admin.id, "user_deleted", ip, user->email);
        break;
    }
    return true;
  });
  return Ok{};
}

}  // namespace matricula
