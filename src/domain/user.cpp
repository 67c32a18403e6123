#include "domain/user.hpp"

#include <string_view>

namespace matricula {

const char* to_string(Role role) { return role == Role::student ? "student" : "instructor"; }

std::optional<Role> parse_role(std::string_view text) {
  if (text.empty() || text == "student") return Role::student;
  if (text == "instructor") return Role::instructor;
  return std::nullopt;
}

}  // namespace matricula
