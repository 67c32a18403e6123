// SqlStore: profile pictures and the audit log.
#include "infra/db/sql_store.hpp"

namespace matricula::db {
namespace {

std::optional<Picture> to_picture(const std::vector<SqlRow>& rows) {
  if (rows.empty()) return std::nullopt;
  auto& r = rows.front();
  return Picture{r.text(0), r.text(1), r.text(2), r.text(3), r.integer(4)};
}

SqlValue optional_id(const std::optional<UserId>& id) {
  if (id) return *id;
  return nullptr;
}

}  // namespace

void SqlStore::save_picture(UserId user, const Picture& p) {
  transaction([&] {
    execute("DELETE FROM profile_pictures WHERE user_id = ?", {user});
    execute("INSERT INTO profile_pictures (user_id, name, content_type, large, small, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            {user, p.name, p.content_type, Blob{p.large}, Blob{p.small}, p.created_at});
    return true;
  });
  user_changed(user);  // its picture's name
}

std::optional<Picture> SqlStore::picture_of(UserId user) {
  return to_picture(query(
      "SELECT name, content_type, large, small, created_at FROM profile_pictures WHERE user_id = ?", {user}));
}

std::optional<Picture> SqlStore::picture_named(const std::string& name) {
  return to_picture(
      query("SELECT name, content_type, large, small, created_at FROM profile_pictures WHERE name = ?", {name}));
}

bool SqlStore::delete_picture(UserId user) {
  bool deleted = execute("DELETE FROM profile_pictures WHERE user_id = ?", {user}) == 1;
  user_changed(user);
  return deleted;
}

void SqlStore::record_audit(const AuditEntry& e) {
  execute("INSERT INTO audit_log (user_id, actor_id, action, detail, ip, created_at) VALUES (?, ?, ?, ?, ?, ?)",
          {optional_id(e.user_id), optional_id(e.actor_id), e.action, e.detail, e.ip, e.created_at});
}

std::vector<AuditEntry> SqlStore::audit_of(UserId user, int limit) {
  std::vector<AuditEntry> entries;
  for (auto& r : query("SELECT id, user_id, actor_id, action, detail, ip, created_at FROM audit_log "
                       "WHERE user_id = ? ORDER BY id DESC LIMIT ?",
                       {user, std::int64_t{limit}}))
    entries.push_back({r.integer(0), r.optional_integer(1), r.optional_integer(2), r.text(3), r.text(4), r.text(5),
                       r.integer(6)});
  return entries;
}

}  // namespace matricula::db
