// SqlStore: users and profiles.
#include "infra/db/sql_store.hpp"

namespace matricula::db {
namespace {

constexpr const char* kUserColumns =
    "SELECT id, email, password_hash, first_name, last_name, is_active, is_superuser, email_verified_at, "
    "date_joined, last_login FROM users ";

User to_user(const SqlRow& r) {
  return User{r.integer(0),          r.text(1),          r.text(2),         r.text(3),
              r.text(4),             r.integer(5) != 0,  r.integer(6) != 0, r.optional_integer(7),
              r.integer(8),          r.optional_integer(9)};
}

}  // namespace

std::optional<User> SqlStore::find_user(UserId id) {
  auto rows = query(std::string(kUserColumns) + "WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return to_user(rows.front());
}

std::optional<User> SqlStore::find_user_by_email(const std::string& email) {
  auto rows = query(std::string(kUserColumns) + "WHERE email = ?", {email});
  if (rows.empty()) return std::nullopt;
  return to_user(rows.front());
}

std::optional<UserId> SqlStore::insert_user(const NewUser& u) {
  auto rows = query(
      "INSERT INTO users (email, password_hash, first_name, last_name, date_joined) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT DO NOTHING RETURNING id",
      {u.email, u.password_hash, u.first_name, u.last_name, u.joined_at});
  if (rows.empty()) return std::nullopt;
  return rows.front().integer(0);
}

bool SqlStore::phone_in_use(const std::string& phone_number) {
  return !query("SELECT 1 FROM phone_numbers WHERE phone_number = ?", {phone_number}).empty();
}

bool SqlStore::insert_profile(const Profile& p) {
  return transaction([&] {
    execute("INSERT INTO phone_numbers (phone_number, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
            {p.phone_number, p.user_id});
    auto owner = query("SELECT user_id FROM phone_numbers WHERE phone_number = ?", {p.phone_number});
    if (owner.empty() || owner.front().integer(0) != p.user_id) return false;
    return execute("INSERT INTO profiles (user_id, role, name, phone_number) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT DO NOTHING",
                   {p.user_id, std::string(to_string(p.role)), p.name, p.phone_number}) == 1;
  });
}

std::vector<Profile> SqlStore::profiles_of(UserId id) {
  std::vector<Profile> profiles;
  for (auto& r : query("SELECT role, name, phone_number FROM profiles WHERE user_id = ? ORDER BY role", {id}))
    profiles.push_back({id, parse_role(r.text(0)).value_or(Role::student), r.text(1), r.text(2)});
  return profiles;
}

void SqlStore::mark_email_verified(UserId id, Timestamp at) {
  execute("UPDATE users SET email_verified_at = ? WHERE id = ? AND email_verified_at IS NULL", {at, id});
}

void SqlStore::record_login(UserId id, Timestamp at) {
  execute("UPDATE users SET last_login = ? WHERE id = ?", {at, id});
}

void SqlStore::set_password_hash(UserId id, const std::string& hash) {
  execute("UPDATE users SET password_hash = ? WHERE id = ?", {hash, id});
}

}  // namespace matricula::db
