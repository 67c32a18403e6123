// SqlStore: e-mail tokens and login codes. Each consumption is one atomic UPDATE.
#include "infra/db/sql_store.hpp"

namespace matricula::db {
namespace {

std::string purpose_name(TokenPurpose purpose) {
  switch (purpose) {
    case TokenPurpose::verify_email: return "verify_email";
  }
  return "unknown";
}

}  // namespace

void SqlStore::insert_email_token(const std::string& token_hash, UserId user, TokenPurpose purpose,
                                  Timestamp created_at, Timestamp expires_at) {
  execute("INSERT INTO email_tokens (token_hash, user_id, purpose, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
          {token_hash, user, purpose_name(purpose), created_at, expires_at});
}

std::optional<UserId> SqlStore::consume_email_token(const std::string& token_hash, TokenPurpose purpose,
                                                    Timestamp now) {
  auto rows = query(
      "UPDATE email_tokens SET used_at = ? WHERE token_hash = ? AND purpose = ? AND used_at IS NULL "
      "AND expires_at > ? RETURNING user_id",
      {now, token_hash, purpose_name(purpose), now});
  if (rows.empty()) return std::nullopt;
  return rows.front().integer(0);
}

void SqlStore::replace_login_code(UserId user, const std::string& code_hash, Timestamp created_at,
                                  Timestamp expires_at) {
  transaction([&] {
    execute("UPDATE login_codes SET used_at = ? WHERE user_id = ? AND used_at IS NULL", {created_at, user});
    execute("INSERT INTO login_codes (user_id, code_hash, created_at, expires_at) VALUES (?, ?, ?, ?)",
            {user, code_hash, created_at, expires_at});
    return true;
  });
}

bool SqlStore::consume_login_code(UserId user, const std::string& code_hash, int max_attempts, Timestamp now) {
  return execute(
             "UPDATE login_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL "
             "AND expires_at > ? AND attempts < ?",
             {now, user, code_hash, now, std::int64_t{max_attempts}}) == 1;
}

void SqlStore::record_failed_login_code(UserId user, Timestamp) {
  execute("UPDATE login_codes SET attempts = attempts + 1 WHERE user_id = ? AND used_at IS NULL", {user});
}

}  // namespace matricula::db
