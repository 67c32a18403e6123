#pragma once
#include <optional>
#include <string>

#include "app/services.hpp"
#include "domain/session.hpp"

namespace matricula {

// A session and, when it was just created or rotated, the id the browser must get.
struct ActiveSession {
  Session session;
  std::optional<std::string> new_cookie_id;
};

// The session behind a cookie id with its user, or nullopt if unknown or expired (idle or
// absolute).
std::optional<SessionAndUser> load_session(Services& s, const std::string& cookie_id);
ActiveSession start_session(Services& s);
// A new id for the session of a person who just signed in: an id known before sign-in
// (session fixation) is worth nothing after it.
ActiveSession sign_in_session(Services& s, const Session& current, UserId user);
// Ends the session; the browser gets a fresh anonymous one carrying the flashes.
ActiveSession sign_out_session(Services& s, const Session& current);
// How often at most a session that did not change is written for its last_seen_at alone:
// a page view is then a read. The idle lifetime (14 days) may end up to this much early.
constexpr Timestamp kSessionTouchInterval = 5 * 60;
// Saves what changed; touches last_seen_at at most every kSessionTouchInterval.
void save_session(Services& s, const Session& before, Session& after);

}  // namespace matricula
