#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace matricula {

using UserId = std::int64_t;
using Timestamp = std::int64_t;  // seconds since the Unix epoch, UTC

enum class Role { student, instructor };
const char* to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

struct User {
  UserId id = 0;
  std::string email;
  std::string password_hash;
  std::string first_name;
  std::string last_name;
  bool active = true;
  bool superuser = false;
  std::optional<Timestamp> email_verified_at;
  Timestamp joined_at = 0;
  std::optional<Timestamp> last_login_at;
  std::optional<std::string> picture_name;  // the profile picture's name, if there is one
  std::vector<Role> roles;                  // the profiles the user has, instructor first

  bool verified() const { return email_verified_at.has_value(); }
  std::string full_name() const { return first_name + " " + last_name; }
};

// A Student or Instructor profile: one of each at most per user.
struct Profile {
  UserId user_id = 0;
  Role role = Role::student;
  std::string name;
  std::string phone_number;
  std::string headline;  // instructors
  std::string bio;       // instructors
  bool approved = true;  // an instructor profile may wait for an administrator
};

// A profile picture, re-encoded: a 512 px and a 96 px square, under a random name.
struct Picture {
  std::string name;
  std::string content_type;
  std::string large;
  std::string small;
  Timestamp created_at = 0;
};

// One line of the audit log: who (actor) did what to which account, from where.
struct AuditEntry {
  std::int64_t id = 0;
  std::optional<UserId> user_id;
  std::optional<UserId> actor_id;
  std::string action;
  std::string detail;
  std::string ip;
  Timestamp created_at = 0;
};

}  // namespace matricula
