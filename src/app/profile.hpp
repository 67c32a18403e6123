#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "app/services.hpp"
#include "domain/result.hpp"

namespace matricula {

struct ProfileForm {
  std::string first_name;
  std::string last_name;
  std::string phone_number;
  std::string headline;  // instructors only
  std::string bio;       // instructors only
};

// Names, phone number (same rules and uniqueness as registration) and instructor details.
Status update_profile(Services& s, UserId user, const ProfileForm& form, const std::string& ip);
Status set_profile_picture(Services& s, UserId user, std::string_view upload, const std::string& ip);
Status remove_profile_picture(Services& s, UserId user, const std::string& ip);
// A student asks to teach: an instructor profile, approved at once unless approval is required.
Status request_teaching(Services& s, UserId user, const std::string& ip);

struct AccountData {
  User user;
  std::vector<Profile> profiles;
  std::vector<Session> sessions;
  std::vector<AuditEntry> events;
  std::optional<Picture> picture;
};
// Everything held about one account (for the person's download and the admin page).
std::optional<AccountData> account_data(Services& s, UserId user);

// Deletes the account once the person proves it is theirs: their password, or a code
// they asked for by mail. Profiles, picture, sessions and codes go with it.
Status delete_own_account(Services& s, UserId user, const std::string& password, const std::string& code,
                          const std::string& ip);

}  // namespace matricula
