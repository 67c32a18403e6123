#pragma once
#include <string>
#include <vector>

#include "app/services.hpp"
#include "domain/result.hpp"

namespace matricula {

// `matricula createsuperuser`: a verified, active superuser (no student profile).
Result<UserId> create_superuser(Services& s, const std::string& email, const std::string& first_name,
                                const std::string& last_name, const std::string& password);

// One page of the user list, by id; `next_after` is the id to continue from (0: no more).
struct UserPage {
  std::vector<User> users;
  UserId next_after = 0;
};
UserPage list_users(Services& s, const std::string& search, UserId after, int page_size = 50);

enum class AdminAction {
  activate,
  deactivate,  // also ends the user's sessions
  verify_email,
  resend_verification,
  approve_instructor,
  revoke_instructor,
  delete_user,
};
std::optional<AdminAction> parse_admin_action(std::string_view name);

// Carries out an action of a superuser on an account and writes it to the audit log.
Status admin_act(Services& s, const User& admin, UserId target, AdminAction action, const std::string& ip);

}  // namespace matricula
