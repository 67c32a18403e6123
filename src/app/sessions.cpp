#include "app/sessions.hpp"

namespace matricula {
namespace {

std::string session_digest(Services& s, const std::string& cookie_id) {
  return s.digest.digest("session:" + cookie_id);
}

bool changed(const Session& a, const Session& b) {
  return a.user_id != b.user_id || a.flashes != b.flashes || a.pending_login_email != b.pending_login_email ||
         a.csrf_token != b.csrf_token;
}

}  // namespace

std::optional<SessionAndUser> load_session(Services& s, const std::string& cookie_id) {
  if (cookie_id.empty() || cookie_id.size() > 100) return std::nullopt;
  auto found = s.store.find_session(session_digest(s, cookie_id));
  if (!found) return std::nullopt;
  auto& session = found->session;
  auto now = s.clock.now();
  if (now - session.last_seen_at > s.settings.session_idle_ttl ||
      now - session.created_at > s.settings.session_absolute_ttl) {
    s.store.delete_session(session.id_hash);
    return std::nullopt;
  }
  return found;
}

ActiveSession start_session(Services& s) {
  auto id = s.random.url_token(32);
  Session session;
  session.id_hash = session_digest(s, id);
  session.csrf_token = s.random.url_token(32);
  session.created_at = session.last_seen_at = s.clock.now();
  s.store.insert_session(session);
  return {std::move(session), std::move(id)};
}

ActiveSession sign_in_session(Services& s, const Session& current, UserId user) {
  if (!current.id_hash.empty()) s.store.delete_session(current.id_hash);
  auto fresh = start_session(s);
  fresh.session.user_id = user;
  fresh.session.flashes = current.flashes;
  s.store.update_session(fresh.session);
  return fresh;
}

ActiveSession sign_out_session(Services& s, const Session& current) {
  if (!current.id_hash.empty()) s.store.delete_session(current.id_hash);
  auto fresh = start_session(s);
  fresh.session.flashes = current.flashes;
  if (!fresh.session.flashes.empty()) s.store.update_session(fresh.session);
  return fresh;
}

void save_session(Services& s, const Session& before, Session& after) {
  auto now = s.clock.now();
  bool stale = now - after.last_seen_at >= kSessionTouchInterval;
  if (!changed(before, after) && !stale) return;
  after.last_seen_at = now;
  s.store.update_session(after);
}

}  // namespace matricula
