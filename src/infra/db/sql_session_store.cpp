// SqlStore: sessions. Flashes and the pending sign-in address travel as one JSON column.
#include <nlohmann/json.hpp>

#include "infra/db/sql_store.hpp"
#include "infra/db/sql_user_row.hpp"

namespace matricula::db {
namespace {

std::string encode_data(const Session& s) {
  nlohmann::json data = nlohmann::json::object();
  if (!s.flashes.empty()) {
    auto& list = data["flashes"] = nlohmann::json::array();
    for (auto& f : s.flashes) list.push_back({{"level", f.level}, {"text", f.text}});
  }
  if (!s.pending_login_email.empty()) data["pending_login_email"] = s.pending_login_email;
  return data.dump();
}

void decode_data(const std::string& text, Session& s) {
  if (text == "{}") return;  // most sessions, on every page view: no parser needed
  auto data = nlohmann::json::parse(text, nullptr, false);
  if (!data.is_object()) return;
  if (auto it = data.find("flashes"); it != data.end() && it->is_array())
    for (auto& f : *it) s.flashes.push_back({f.value("level", "info"), f.value("text", "")});
  s.pending_login_email = data.value("pending_login_email", "");
}

SqlValue optional_id(const std::optional<UserId>& id) {
  if (id) return *id;
  return nullptr;
}

}  // namespace

void SqlStore::insert_session(const Session& s) {
  execute("INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, data) "
          "VALUES (?, ?, ?, ?, ?, ?)",
          {s.id_hash, optional_id(s.user_id), s.csrf_token, s.created_at, s.last_seen_at, encode_data(s)});
}

std::optional<SessionAndUser> SqlStore::find_session(const std::string& id_hash) {
  // Inside a transaction the cache is passed by: what it reads may never be committed.
  bool cached = cache_ && !in_transaction();
  if (cached)
    if (auto hit = cache_->get(id_hash)) return hit;
  auto generation = cached ? cache_->generation() : 0;
  // The session and its user in one statement: this runs on every page view.
  static const std::string sql = "SELECT s.user_id, s.csrf_token, s.created_at, s.last_seen_at, s.data, " +
                                 kUserFields + " FROM sessions s LEFT JOIN users ON users.id = s.user_id " +
                                 "WHERE s.id_hash = ?";
  auto rows = query(sql, {id_hash});
  if (rows.empty()) return std::nullopt;
  auto& r = rows.front();
  SessionAndUser found;
  auto& s = found.session;
  s.id_hash = id_hash;
  s.user_id = r.optional_integer(0);
  s.csrf_token = r.text(1);
  s.created_at = r.integer(2);
  s.last_seen_at = r.integer(3);
  decode_data(r.text(4), s);
  if (r.columns.at(5)) found.user = to_user(r, 5);
  if (cached) cache_->put(generation, found);
  return found;
}

void SqlStore::update_session(const Session& s) {
  execute("UPDATE sessions SET user_id = ?, csrf_token = ?, last_seen_at = ?, data = ? WHERE id_hash = ?",
          {optional_id(s.user_id), s.csrf_token, s.last_seen_at, encode_data(s), s.id_hash});
  session_changed(s.id_hash);
}

void SqlStore::delete_session(const std::string& id_hash) {
  execute("DELETE FROM sessions WHERE id_hash = ?", {id_hash});
  session_changed(id_hash);
}

std::size_t SqlStore::delete_sessions_of(UserId user) {
  auto deleted = static_cast<std::size_t>(execute("DELETE FROM sessions WHERE user_id = ?", {user}));
  user_changed(user);  // its sessions
  return deleted;
}

std::vector<Session> SqlStore::sessions_of(UserId user) {
  std::vector<Session> sessions;
  for (auto& r : query("SELECT id_hash, created_at, last_seen_at FROM sessions WHERE user_id = ? "
                       "ORDER BY last_seen_at DESC LIMIT 50",
                       {user})) {
    Session s;
    s.id_hash = r.text(0);
    s.user_id = user;
    s.created_at = r.integer(1);
    s.last_seen_at = r.integer(2);
    sessions.push_back(std::move(s));
  }
  return sessions;
}

}  // namespace matricula::db
