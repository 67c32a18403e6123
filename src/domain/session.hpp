#pragma once
#include <optional>
#include <string>
#include <vector>

#include "domain/user.hpp"

namespace matricula {

struct Flash {
  std::string level;  // success, info, warning, danger
  std::string text;
  bool operator==(const Flash&) const = default;
};

// A browser session. Only a hash of its id is ever stored.
struct Session {
  std::string id_hash;
  std::optional<UserId> user_id;
  std::string csrf_token;
  Timestamp created_at = 0;
  Timestamp last_seen_at = 0;
  std::vector<Flash> flashes;
  std::string pending_login_email;  // the address a login code was asked for, never put in a URL
};

// A session read together with its user, if it has one: a page view costs one query. The
// user comes without its password hash: no page needs it, and sessions are kept in memory.
struct SessionAndUser {
  Session session;
  std::optional<User> user;
};

}  // namespace matricula
