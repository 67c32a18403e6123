#pragma once
#include <optional>
#include <string>

#include "app/services.hpp"

namespace matricula {

// Writes one audit line: `actor` did `action` to the account `user`, from `ip`.
void audit(Services& s, std::optional<UserId> user, std::optional<UserId> actor, const std::string& action,
           const std::string& ip, const std::string& detail = {});

}  // namespace matricula
