#pragma once
#include <string>

#include "infra/db/connection_pool.hpp"
#include "infra/db/session_cache.hpp"
#include "ports/store.hpp"

namespace matricula::db {

// Every store port on one SQL database. A transaction binds a pooled connection to the
// calling thread, so the calls inside it share that connection.
class SqlStore final : public Store {
 public:
  // answer_timeout: how long a statement may wait for PostgreSQL (see connect(); 0: no limit).
  explicit SqlStore(std::string url, std::chrono::milliseconds answer_timeout = std::chrono::milliseconds(0));
  ~SqlStore() override;
  Dialect dialect() { return pool_.dialect(); }
  // SQLite: copies the write-ahead log into the database file (with its fsync), off the
  // request threads. Nothing to do on PostgreSQL.
  void checkpoint();

  // find_session then reads through `cache` (kept in step with other processes by a
  // SessionChangeFeed); every change made through this store drops what it touches from it
  // at once, and again when its transaction commits.
  void use_session_cache(SessionCache* cache) { cache_ = cache; }

  bool transaction(const std::function<bool()>& work) override;

  std::optional<User> find_user(UserId id) override;
  std::optional<User> find_user_by_email(const std::string& email) override;
  std::optional<UserId> insert_user(const NewUser& user) override;
  bool phone_in_use(const std::string& phone_number) override;
  bool insert_profile(const Profile& profile) override;
  std::vector<Profile> profiles_of(UserId id) override;
  void mark_email_verified(UserId id, Timestamp at) override;
  void record_login(UserId id, Timestamp at) override;
  void set_password_hash(UserId id, const std::string& hash) override;
  void set_names(UserId id, const std::string& first_name, const std::string& last_name) override;
  bool change_phone(UserId id, const std::string& phone_number) override;
  void set_instructor_details(UserId id, const std::string& headline, const std::string& bio) override;
  void set_instructor_approved(UserId id, bool approved) override;
  bool delete_profile(UserId id, Role role) override;
  void set_active(UserId id, bool active) override;
  void set_superuser(UserId id, bool superuser) override;
  void delete_user(UserId id) override;
  std::vector<User> list_users(const std::string& search, UserId after_id, int limit) override;

  void save_picture(UserId user, const Picture& picture) override;
  std::optional<Picture> picture_of(UserId user) override;
  std::optional<Picture> picture_named(const std::string& name) override;
  bool delete_picture(UserId user) override;

  void record_audit(const AuditEntry& entry) override;
  std::vector<AuditEntry> audit_of(UserId user, int limit) override;

  void insert_email_token(const std::string& token_hash, UserId user, TokenPurpose purpose, Timestamp created_at,
                          Timestamp expires_at) override;
  std::optional<UserId> consume_email_token(const std::string& token_hash, TokenPurpose purpose,
                                            Timestamp now) override;
  void replace_login_code(UserId user, const std::string& code_hash, Timestamp created_at,
                          Timestamp expires_at) override;
  bool consume_login_code(UserId user, const std::string& code_hash, int max_attempts, Timestamp now) override;
  void record_failed_login_code(UserId user, Timestamp now) override;

  void insert_session(const Session& session) override;
  std::optional<SessionAndUser> find_session(const std::string& id_hash) override;
  void update_session(const Session& session) override;
  void delete_session(const std::string& id_hash) override;
  std::size_t delete_sessions_of(UserId user) override;
  std::vector<Session> sessions_of(UserId user) override;

  void enqueue_mail(const OutgoingMail& mail, Timestamp now) override;
  std::vector<QueuedMail> lease_due_mail(Timestamp now, int limit, int lease_seconds) override;
  void mark_mail_sent(std::int64_t id, Timestamp now) override;
  void mark_mail_retry(std::int64_t id, int attempts, Timestamp next_attempt_at, const std::string& error) override;
  void mark_mail_failed(std::int64_t id, int attempts, const std::string& error, Timestamp now) override;
  std::size_t count_mail(const std::string& status) override;

  std::int64_t increment_counter(const std::string& key, Timestamp window_start) override;
  std::int64_t read_counter(const std::string& key, Timestamp window_start) override;
  std::size_t purge_expired(Timestamp idle_before, Timestamp created_before, Timestamp expired_before) override;

 private:
  std::vector<SqlRow> query(std::string_view sql, const SqlParams& params = {});
  std::int64_t execute(std::string_view sql, const SqlParams& params = {});
  bool claim_phone(UserId user, const std::string& phone_number);
  std::int64_t delete_in_batches(const std::string& table, const std::string& key, const std::string& condition,
                                 const SqlParams& params);
  template <class Work>
  auto with_connection(Work&& work);
  bool in_transaction() const;
  void session_changed(const std::string& id_hash);
  void user_changed(UserId id);

  ConnectionPool pool_;
  SessionCache* cache_ = nullptr;
};

}  // namespace matricula::db
