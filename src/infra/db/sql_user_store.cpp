// SqlStore: users and profiles.
#include <cctype>

#include "infra/db/sql_store.hpp"
#include "infra/db/sql_user_row.hpp"

namespace matricula::db {

const std::string kUserFields =
    "users.id, users.email, users.first_name, users.last_name, users.is_active, "
    "users.is_superuser, users.email_verified_at, users.date_joined, users.last_login, "
    // The picture's name and the roles (bits: instructor 2, student 1), kept on the user row by
    // triggers (migration 0004).
    "users.picture_name, users.roles";

User to_user(const SqlRow& r, std::size_t first) {
  auto at = [first](std::size_t i) { return first + i; };
  User user;
  user.id = r.integer(at(0));
  user.email = r.text(at(1));
  user.first_name = r.text(at(2));
  user.last_name = r.text(at(3));
  user.active = r.integer(at(4)) != 0;
  user.superuser = r.integer(at(5)) != 0;
  user.email_verified_at = r.optional_integer(at(6));
  user.joined_at = r.integer(at(7));
  user.last_login_at = r.optional_integer(at(8));
  if (r.columns.at(at(9))) user.picture_name = r.text(at(9));
  auto roles = r.integer(at(10));
  if (roles & 2) user.roles.push_back(Role::instructor);
  if (roles & 1) user.roles.push_back(Role::student);
  return user;
}

namespace {

const std::string kUserColumns = "SELECT " + kUserFields + " FROM users ";
// One user with the password hash, for the use cases that check a password.
const std::string kUserAndHashColumns = "SELECT " + kUserFields + ", users.password_hash FROM users ";

std::optional<User> user_with_hash(const std::vector<SqlRow>& rows) {
  if (rows.empty()) return std::nullopt;
  auto user = to_user(rows.front(), 0);
  user.password_hash = rows.front().text(kUserFieldCount);
  return user;
}

}  // namespace

std::optional<User> SqlStore::find_user(UserId id) {
  return user_with_hash(query(kUserAndHashColumns + "WHERE id = ?", {id}));
}

std::optional<User> SqlStore::find_user_by_email(const std::string& email) {
  return user_with_hash(query(kUserAndHashColumns + "WHERE email = ?", {email}));
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

// Records the number as the user's unless another account has it; true when it is theirs.
bool SqlStore::claim_phone(UserId user, const std::string& phone_number) {
  execute("INSERT INTO phone_numbers (phone_number, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
          {phone_number, user});
  auto owner = query("SELECT user_id FROM phone_numbers WHERE phone_number = ?", {phone_number});
  return !owner.empty() && owner.front().integer(0) == user;
}

bool SqlStore::insert_profile(const Profile& p) {
  bool inserted = transaction([&] {
    if (!claim_phone(p.user_id, p.phone_number)) return false;
    return execute("INSERT INTO profiles (user_id, role, name, phone_number, headline, bio, approved) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                   {p.user_id, std::string(to_string(p.role)), p.name, p.phone_number, p.headline, p.bio,
                    std::int64_t{p.approved}}) == 1;
  });
  user_changed(p.user_id);  // its roles
  return inserted;
}

std::vector<Profile> SqlStore::profiles_of(UserId id) {
  std::vector<Profile> profiles;
  for (auto& r : query("SELECT role, name, phone_number, headline, bio, approved FROM profiles WHERE user_id = ? "
                       "ORDER BY role",
                       {id}))
    profiles.push_back({id, parse_role(r.text(0)).value_or(Role::student), r.text(1), r.text(2), r.text(3), r.text(4),
                        r.integer(5) != 0});
  return profiles;
}

void SqlStore::mark_email_verified(UserId id, Timestamp at) {
  execute("UPDATE users SET email_verified_at = ? WHERE id = ? AND email_verified_at IS NULL", {at, id});
  user_changed(id);
}

void SqlStore::record_login(UserId id, Timestamp at) {
  execute("UPDATE users SET last_login = ? WHERE id = ?", {at, id});
  user_changed(id);
}

void SqlStore::set_password_hash(UserId id, const std::string& hash) {
  execute("UPDATE users SET password_hash = ? WHERE id = ?", {hash, id});
  user_changed(id);
}

void SqlStore::set_names(UserId id, const std::string& first_name, const std::string& last_name) {
  transaction([&] {
    execute("UPDATE users SET first_name = ?, last_name = ? WHERE id = ?", {first_name, last_name, id});
    execute("UPDATE profiles SET name = ? WHERE user_id = ?", {first_name + " " + last_name, id});
    return true;
  });
  user_changed(id);
}

bool SqlStore::change_phone(UserId id, const std::string& phone_number) {
  return transaction([&] {
    if (!claim_phone(id, phone_number)) return false;
    execute("UPDATE profiles SET phone_number = ? WHERE user_id = ?", {phone_number, id});
    execute("DELETE FROM phone_numbers WHERE user_id = ? AND phone_number <> ?", {id, phone_number});
    return true;
  });
}

void SqlStore::set_instructor_details(UserId id, const std::string& headline, const std::string& bio) {
  execute("UPDATE profiles SET headline = ?, bio = ? WHERE user_id = ? AND role = 'instructor'", {headline, bio, id});
}

void SqlStore::set_instructor_approved(UserId id, bool approved) {
  execute("UPDATE profiles SET approved = ? WHERE user_id = ? AND role = 'instructor'",
          {std::int64_t{approved}, id});
}

bool SqlStore::delete_profile(UserId id, Role role) {
  bool deleted = execute("DELETE FROM profiles WHERE user_id = ? AND role = ?", {id, std::string(to_string(role))}) == 1;
  user_changed(id);  // its roles
  return deleted;
}

void SqlStore::set_active(UserId id, bool active) {
  execute("UPDATE users SET is_active = ? WHERE id = ?", {std::int64_t{active}, id});
  user_changed(id);
}

void SqlStore::set_superuser(UserId id, bool superuser) {
  execute("UPDATE users SET is_superuser = ? WHERE id = ?", {std::int64_t{superuser}, id});
  user_changed(id);
}

void SqlStore::delete_user(UserId id) {
  transaction([&] {
    // Profiles reference phone numbers: they go first, then everything that cascades.
    execute("DELETE FROM profiles WHERE user_id = ?", {id});
    execute("DELETE FROM users WHERE id = ?", {id});
    return true;
  });
  user_changed(id);
}

std::vector<User> SqlStore::list_users(const std::string& search, UserId after_id, int limit) {
  std::vector<SqlRow> rows;
  if (search.empty()) {
    rows = query(kUserColumns + "WHERE id > ? ORDER BY id LIMIT ?", {after_id, std::int64_t{limit}});
  } else {
    // Prefix ranges, so that each branch uses an index even with a million users.
    std::string low;
    for (char c : search) low += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string high = low + "\xF4\x8F\xBF\xBF";  // above every UTF-8 continuation of the prefix
    rows = query(kUserColumns +
                     "WHERE id > ? AND (id IN (SELECT id FROM users WHERE email >= ? AND email < ?) "
                     "OR id IN (SELECT id FROM users WHERE lower(first_name) >= ? AND lower(first_name) < ?) "
                     "OR id IN (SELECT id FROM users WHERE lower(last_name) >= ? AND lower(last_name) < ?) "
                     "OR id IN (SELECT user_id FROM phone_numbers WHERE phone_number >= ? AND phone_number < ?)) "
                     "ORDER BY id LIMIT ?",
                 {after_id, low, high, low, high, low, high, search, search + "\x7F", std::int64_t{limit}});
  }
  std::vector<User> users;
  for (auto& r : rows) users.push_back(to_user(r, 0));
  return users;
}

}  // namespace matricula::db
