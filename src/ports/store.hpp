#pragma once
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/mail.hpp"
#include "domain/session.hpp"
#include "domain/user.hpp"

namespace matricula {

// The database cannot be reached right now (restarting, network): the request gets a
// 503 with Retry-After, and the next one reconnects.
struct StoreUnavailable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct NewUser {
  std::string email;
  std::string password_hash;
  std::string first_name;
  std::string last_name;
  Timestamp joined_at = 0;
};

enum class TokenPurpose { verify_email };

// find_user and find_user_by_email give the user's password hash; every other read of users
// (list_users, find_session) leaves it empty: it is not read from the database for them.
struct UserStore {
  virtual ~UserStore() = default;
  virtual std::optional<User> find_user(UserId id) = 0;
  virtual std::optional<User> find_user_by_email(const std::string& email) = 0;
  // nullopt when the address is taken.
  virtual std::optional<UserId> insert_user(const NewUser& user) = 0;
  virtual bool phone_in_use(const std::string& phone_number) = 0;
  // false when the phone number is taken or the user already has this role.
  virtual bool insert_profile(const Profile& profile) = 0;
  virtual std::vector<Profile> profiles_of(UserId id) = 0;
  virtual void mark_email_verified(UserId id, Timestamp at) = 0;
  virtual void record_login(UserId id, Timestamp at) = 0;
  virtual void set_password_hash(UserId id, const std::string& hash) = 0;
  virtual void set_names(UserId id, const std::string& first_name, const std::string& last_name) = 0;
  // Moves every profile of the user to a new phone number; false when another account has it.
  virtual bool change_phone(UserId id, const std::string& phone_number) = 0;
  virtual void set_instructor_details(UserId id, const std::string& headline, const std::string& bio) = 0;
  virtual void set_instructor_approved(UserId id, bool approved) = 0;
  virtual bool delete_profile(UserId id, Role role) = 0;
  virtual void set_active(UserId id, bool active) = 0;
  virtual void set_superuser(UserId id, bool superuser) = 0;
  // Removes the account with its profiles, phone, picture, sessions, tokens and codes.
  virtual void delete_user(UserId id) = 0;
  // Users by id after `after_id`, at most `limit`; with a search, those whose e-mail,
  // first or last name (case-insensitively) or phone number starts with it.
  virtual std::vector<User> list_users(const std::string& search, UserId after_id, int limit) = 0;
};

struct PictureStore {
  virtual ~PictureStore() = default;
  // Replaces the user's picture.
  virtual void save_picture(UserId user, const Picture& picture) = 0;
  virtual std::optional<Picture> picture_of(UserId user) = 0;
  virtual std::optional<Picture> picture_named(const std::string& name) = 0;
  virtual bool delete_picture(UserId user) = 0;
};

struct AuditLog {
  virtual ~AuditLog() = default;
  virtual void record_audit(const AuditEntry& entry) = 0;
  // The newest first.
  virtual std::vector<AuditEntry> audit_of(UserId user, int limit) = 0;
};

struct TokenStore {
  virtual ~TokenStore() = default;
  virtual void insert_email_token(const std::string& token_hash, UserId user, TokenPurpose purpose,
                                  Timestamp created_at, Timestamp expires_at) = 0;
  // Marks the token used, once: the user it belonged to, or nullopt if unknown, used or expired.
  virtual std::optional<UserId> consume_email_token(const std::string& token_hash, TokenPurpose purpose,
                                                    Timestamp now) = 0;
  // Stores a new login code and burns every other live one of this user.
  virtual void replace_login_code(UserId user, const std::string& code_hash, Timestamp created_at,
                                  Timestamp expires_at) = 0;
  // One atomic step: true if this user's live code has this hash, which is then used.
  virtual bool consume_login_code(UserId user, const std::string& code_hash, int max_attempts, Timestamp now) = 0;
  // Counts a wrong guess against the user's live code; at max_attempts it is burned.
  virtual void record_failed_login_code(UserId user, Timestamp now) = 0;
};

struct SessionStore {
  virtual ~SessionStore() = default;
  virtual void insert_session(const Session& session) = 0;
  virtual std::optional<SessionAndUser> find_session(const std::string& id_hash) = 0;
  virtual void update_session(const Session& session) = 0;
  virtual void delete_session(const std::string& id_hash) = 0;
  // Ends every session of the user; returns how many.
  virtual std::size_t delete_sessions_of(UserId user) = 0;
  virtual std::vector<Session> sessions_of(UserId user) = 0;
};

struct Outbox {
  virtual ~Outbox() = default;
  virtual void enqueue_mail(const OutgoingMail& mail, Timestamp now) = 0;
  // Claims up to `limit` due messages for `lease_seconds`, so no other worker sends them meanwhile.
  virtual std::vector<QueuedMail> lease_due_mail(Timestamp now, int limit, int lease_seconds) = 0;
  virtual void mark_mail_sent(std::int64_t id, Timestamp now) = 0;
  virtual void mark_mail_retry(std::int64_t id, int attempts, Timestamp next_attempt_at, const std::string& error) = 0;
  virtual void mark_mail_failed(std::int64_t id, int attempts, const std::string& error, Timestamp now) = 0;
  virtual std::size_t count_mail(const std::string& status) = 0;
};

// Event counters per key and time window, shared by every instance (rate limits).
struct CounterStore {
  virtual ~CounterStore() = default;
  // Adds one to the counter of (key, window_start) and returns its new value.
  virtual std::int64_t increment_counter(const std::string& key, Timestamp window_start) = 0;
  virtual std::int64_t read_counter(const std::string& key, Timestamp window_start) = 0;
};

struct Housekeeping {
  virtual ~Housekeeping() = default;
  // Deletes sessions idle since before `idle_before` or created before `created_before`,
  // tokens and codes that expired before `expired_before`, counters older than it, and
  // sent or failed mail 30 days older than it.
  virtual std::size_t purge_expired(Timestamp idle_before, Timestamp created_before, Timestamp expired_before) = 0;
};

// Everything the use cases persist, with one transaction around several changes.
struct Store : UserStore, TokenStore, SessionStore, Outbox, CounterStore, Housekeeping, PictureStore, AuditLog {
  // Runs `work` in a transaction: committed when it returns true, rolled back when it
  // returns false or throws.
  virtual bool transaction(const std::function<bool()>& work) = 0;
};

}  // namespace matricula
