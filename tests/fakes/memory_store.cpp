#include "fakes/memory_store.hpp"

#include <algorithm>

namespace matricula::testing {

bool MemoryStore::transaction(const std::function<bool()>& work) {
  if (in_transaction_) return work();
  auto saved = state_;
  in_transaction_ = true;
  bool commit = false;
  try {
    commit = work();
  } catch (...) {
    state_ = saved;
    in_transaction_ = false;
    throw;
  }
  in_transaction_ = false;
  if (!commit) state_ = saved;
  return commit;
}

// A stored user with what the SQL store reads along with it: the picture's name and the roles.
User MemoryStore::loaded(const User& stored) const {
  auto user = stored;
  if (auto p = state_.pictures.find(user.id); p != state_.pictures.end()) user.picture_name = p->second.name;
  user.roles.clear();
  for (auto role : {Role::instructor, Role::student})
    for (auto& p : state_.profiles)
      if (p.user_id == user.id && p.role == role) user.roles.push_back(role);
  return user;
}

std::optional<User> MemoryStore::find_user(UserId id) {
  auto it = state_.users.find(id);
  if (it == state_.users.end()) return std::nullopt;
  return loaded(it->second);
}

std::optional<User> MemoryStore::find_user_by_email(const std::string& email) {
  for (auto& [id, user] : state_.users)
    if (user.email == email) return loaded(user);
  return std::nullopt;
}

std::optional<UserId> MemoryStore::insert_user(const NewUser& u) {
  if (find_user_by_email(u.email)) return std::nullopt;
  User user;
  user.id = state_.next_user++;
  user.email = u.email;
  user.password_hash = u.password_hash;
  user.first_name = u.first_name;
  user.last_name = u.last_name;
  user.joined_at = u.joined_at;
  state_.users[user.id] = user;
  return user.id;
}

bool MemoryStore::phone_in_use(const std::string& phone_number) { return state_.phones.count(phone_number) > 0; }

bool MemoryStore::insert_profile(const Profile& p) {
  auto phone = state_.phones.find(p.phone_number);
  if (phone != state_.phones.end() && phone->second != p.user_id) return false;
  for (auto& existing : state_.profiles)
    if (existing.user_id == p.user_id && existing.role == p.role) return false;
  state_.phones[p.phone_number] = p.user_id;
  state_.profiles.push_back(p);
  return true;
}

std::vector<Profile> MemoryStore::profiles_of(UserId id) {
  std::vector<Profile> out;
  for (auto& p : state_.profiles)
    if (p.user_id == id) out.push_back(p);
  return out;
}

void MemoryStore::mark_email_verified(UserId id, Timestamp at) {
  auto& user = state_.users.at(id);
  if (!user.email_verified_at) user.email_verified_at = at;
}

void MemoryStore::record_login(UserId id, Timestamp at) { state_.users.at(id).last_login_at = at; }

void MemoryStore::set_password_hash(UserId id, const std::string& hash) { state_.users.at(id).password_hash = hash; }

void MemoryStore::insert_email_token(const std::string& token_hash, UserId user, TokenPurpose purpose, Timestamp,
                                     Timestamp expires_at) {
  state_.tokens[token_hash] = {user, purpose, expires_at, std::nullopt};
}

std::optional<UserId> MemoryStore::consume_email_token(const std::string& token_hash, TokenPurpose purpose,
                                                       Timestamp now) {
  auto it = state_.tokens.find(token_hash);
  if (it == state_.tokens.end() || it->second.purpose != purpose || it->second.used_at ||
      it->second.expires_at <= now)
    return std::nullopt;
  it->second.used_at = now;
  return it->second.user;
}

void MemoryStore::replace_login_code(UserId user, const std::string& code_hash, Timestamp created_at,
                                     Timestamp expires_at) {
  for (auto& c : state_.codes)
    if (c.user == user && !c.used_at) c.used_at = created_at;
  state_.codes.push_back({user, code_hash, expires_at, std::nullopt, 0});
}

bool MemoryStore::consume_login_code(UserId user, const std::string& code_hash, int max_attempts, Timestamp now) {
  for (auto& c : state_.codes) {
    if (c.user == user && c.hash == code_hash && !c.used_at && c.expires_at > now && c.attempts < max_attempts) {
      c.used_at = now;
      return true;
    }
  }
  return false;
}

void MemoryStore::record_failed_login_code(UserId user, Timestamp) {
  for (auto& c : state_.codes)
    if (c.user == user && !c.used_at) ++c.attempts;
}

void MemoryStore::insert_session(const Session& session) { state_.sessions[session.id_hash] = session; }

std::optional<SessionAndUser> MemoryStore::find_session(const std::string& id_hash) {
  auto it = state_.sessions.find(id_hash);
  if (it == state_.sessions.end()) return std::nullopt;
  SessionAndUser found{it->second, std::nullopt};
  if (found.session.user_id) found.user = find_user(*found.session.user_id);
  if (found.user) found.user->password_hash = {};
  return found;
}

void MemoryStore::update_session(const Session& session) {
  if (state_.sessions.count(session.id_hash)) state_.sessions[session.id_hash] = session;
}

void MemoryStore::delete_session(const std::string& id_hash) { state_.sessions.erase(id_hash); }

void MemoryStore::enqueue_mail(const OutgoingMail& mail, Timestamp now) {
  Mail m;
  m.queued = {static_cast<std::int64_t>(state_.mail.size() + 1), 0, mail};
  m.next_attempt_at = now;
  state_.mail.push_back(m);
}

std::vector<QueuedMail> MemoryStore::lease_due_mail(Timestamp now, int limit, int lease_seconds) {
  std::vector<QueuedMail> out;
  for (auto& m : state_.mail) {
    if (static_cast<int>(out.size()) >= limit) break;
    if (m.status == "pending" && m.next_attempt_at <= now && m.lease_until <= now) {
      m.lease_until = now + lease_seconds;
      out.push_back(m.queued);
    }
  }
  return out;
}

void MemoryStore::mark_mail_sent(std::int64_t id, Timestamp) {
  auto& m = state_.mail.at(static_cast<std::size_t>(id - 1));
  m.status = "sent";
  m.lease_until = 0;
  m.queued.mail.text_body.clear();
  m.queued.mail.html_body.clear();
  ++m.queued.attempts;
}

void MemoryStore::mark_mail_retry(std::int64_t id, int attempts, Timestamp next_attempt_at, const std::string& error) {
  auto& m = state_.mail.at(static_cast<std::size_t>(id - 1));
  m.queued.attempts = attempts;
  m.next_attempt_at = next_attempt_at;
  m.lease_until = 0;
  m.last_error = error;
}

void MemoryStore::mark_mail_failed(std::int64_t id, int attempts, const std::string& error, Timestamp) {
  auto& m = state_.mail.at(static_cast<std::size_t>(id - 1));
  m.status = "failed";
  m.queued.attempts = attempts;
  m.last_error = error;
}

std::size_t MemoryStore::count_mail(const std::string& status) {
  return static_cast<std::size_t>(
      std::count_if(state_.mail.begin(), state_.mail.end(), [&](auto& m) { return m.status == status; }));
}

std::int64_t MemoryStore::increment_counter(const std::string& key, Timestamp window_start) {
  return ++state_.counters[{key, window_start}];
}

std::int64_t MemoryStore::read_counter(const std::string& key, Timestamp window_start) {
  auto it = state_.counters.find({key, window_start});
  return it == state_.counters.end() ? 0 : it->second;
}

std::size_t MemoryStore::purge_expired(Timestamp idle_before, Timestamp created_before, Timestamp expired_before) {
  auto removed = std::erase_if(state_.sessions, [&](auto& entry) {
    return entry.second.last_seen_at < idle_before || entry.second.created_at < created_before;
  });
  removed += std::erase_if(state_.tokens, [&](auto& entry) { return entry.second.expires_at < expired_before; });
  removed += std::erase_if(state_.codes, [&](auto& code) { return code.expires_at < expired_before; });
  removed += std::erase_if(state_.counters, [&](auto& entry) { return entry.first.second < expired_before; });
  return removed;
}

void MemoryStore::set_names(UserId id, const std::string& first_name, const std::string& last_name) {
  auto& u = state_.users.at(id);
  u.first_name = first_name;
  u.last_name = last_name;
  for (auto& p : state_.profiles)
    if (p.user_id == id) p.name = first_name + " " + last_name;
}

bool MemoryStore::change_phone(UserId id, const std::string& phone_number) {
  auto owner = state_.phones.find(phone_number);
  if (owner != state_.phones.end() && owner->second != id) return false;
  std::erase_if(state_.phones, [&](auto& entry) { return entry.second == id; });
  state_.phones[phone_number] = id;
  for (auto& p : state_.profiles)
    if (p.user_id == id) p.phone_number = phone_number;
  return true;
}

void MemoryStore::set_instructor_details(UserId id, const std::string& headline, const std::string& bio) {
  for (auto& p : state_.profiles)
    if (p.user_id == id && p.role == Role::instructor) p.headline = headline, p.bio = bio;
}

void MemoryStore::set_instructor_approved(UserId id, bool approved) {
  for (auto& p : state_.profiles)
    if (p.user_id == id && p.role == Role::instructor) p.approved = approved;
}

bool MemoryStore::delete_profile(UserId id, Role role) {
  return std::erase_if(state_.profiles, [&](auto& p) { return p.user_id == id && p.role == role; }) > 0;
}

void MemoryStore::set_active(UserId id, bool active) { state_.users.at(id).active = active; }

void MemoryStore::set_superuser(UserId id, bool superuser) { state_.users.at(id).superuser = superuser; }

void MemoryStore::delete_user(UserId id) {
  state_.users.erase(id);
  std::erase_if(state_.profiles, [&](auto& p) { return p.user_id == id; });
  std::erase_if(state_.phones, [&](auto& entry) { return entry.second == id; });
  std::erase_if(state_.tokens, [&](auto& entry) { return entry.second.user == id; });
  std::erase_if(state_.codes, [&](auto& c) { return c.user == id; });
  std::erase_if(state_.sessions, [&](auto& entry) { return entry.second.user_id == id; });
  state_.pictures.erase(id);
  for (auto& e : state_.audit) {
    if (e.user_id == id) e.user_id.reset();
    if (e.actor_id == id) e.actor_id.reset();
  }
}

std::vector<User> MemoryStore::list_users(const std::string& search, UserId after_id, int limit) {
  auto lower = [](std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  auto starts = [](const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; };
  std::vector<User> out;
  for (auto& [id, u] : state_.users) {
    if (id <= after_id) continue;
    bool phone = false;
    for (auto& [number, owner] : state_.phones) phone |= owner == id && starts(number, search);
    auto s = lower(search);
    if (!search.empty() && !starts(u.email, s) && !starts(lower(u.first_name), s) && !starts(lower(u.last_name), s) &&
        !phone)
      continue;
    out.push_back(loaded(u));
    out.back().password_hash = {};
    if (static_cast<int>(out.size()) == limit) break;
  }
  return out;
}

void MemoryStore::save_picture(UserId user, const Picture& picture) { state_.pictures[user] = picture; }

std::optional<Picture> MemoryStore::picture_of(UserId user) {
  auto it = state_.pictures.find(user);
  if (it == state_.pictures.end()) return std::nullopt;
  return it->second;
}

std::optional<Picture> MemoryStore::picture_named(const std::string& name) {
  for (auto& [user, p] : state_.pictures)
    if (p.name == name) return p;
  return std::nullopt;
}

bool MemoryStore::delete_picture(UserId user) { return state_.pictures.erase(user) > 0; }

void MemoryStore::record_audit(const AuditEntry& entry) {
  state_.audit.push_back(entry);
  state_.audit.back().id = static_cast<std::int64_t>(state_.audit.size());
}

std::vector<AuditEntry> MemoryStore::audit_of(UserId user, int limit) {
  std::vector<AuditEntry> out;
  for (auto it = state_.audit.rbegin(); it != state_.audit.rend() && static_cast<int>(out.size()) < limit; ++it)
    if (it->user_id == user) out.push_back(*it);
  return out;
}

std::size_t MemoryStore::delete_sessions_of(UserId user) {
  return std::erase_if(state_.sessions, [&](auto& entry) { return entry.second.user_id == user; });
}

std::vector<Session> MemoryStore::sessions_of(UserId user) {
  std::vector<Session> out;
  for (auto& [hash, s] : state_.sessions)
    if (s.user_id == user) out.push_back(s);
  return out;
}

}  // namespace matricula::testing
