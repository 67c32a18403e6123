// SqlStore: the transactional outbox of mail.
#include <algorithm>

#include "infra/db/sql_store.hpp"

namespace matricula::db {

void SqlStore::enqueue_mail(const OutgoingMail& m, Timestamp now) {
  execute("INSERT INTO outbox (recipient, subject, text_body, html_body, message_id, status, attempts, "
          "next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)",
          {m.to, m.subject, m.text_body, m.html_body, m.message_id, now, now});
}

std::vector<QueuedMail> SqlStore::lease_due_mail(Timestamp now, int limit, int lease_seconds) {
  // PostgreSQL: SKIP LOCKED lets several workers take disjoint batches. SQLite runs one
  // writer at a time, so the single UPDATE is already exclusive.
  std::string skip_locked = dialect() == Dialect::postgres ? " FOR UPDATE SKIP LOCKED" : "";
  auto rows = query(
      "UPDATE outbox SET lease_until = ? WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' "
      "AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?) ORDER BY id LIMIT ?" +
          skip_locked +
          ") RETURNING id, attempts, recipient, subject, text_body, html_body, message_id",
      {now + lease_seconds, now, now, std::int64_t{limit}});
  std::vector<QueuedMail> batch;
  for (auto& r : rows)
    batch.push_back({r.integer(0), static_cast<int>(r.integer(1)),
                     OutgoingMail{r.text(2), r.text(3), r.text(4), r.text(5), r.text(6)}});
  std::sort(batch.begin(), batch.end(), [](auto& a, auto& b) { return a.id < b.id; });
  return batch;
}

// Once sent, the bodies (which carry links and codes) are cleared: the database keeps
// only digests of secrets, and the row keeps what an operator needs to trace a message.
void SqlStore::mark_mail_sent(std::int64_t id, Timestamp now) {
  execute("UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?, lease_until = NULL, "
          "last_error = NULL, text_body = '', html_body = '' WHERE id = ?",
          {now, id});
}

void SqlStore::mark_mail_retry(std::int64_t id, int attempts, Timestamp next_attempt_at, const std::string& error) {
  execute("UPDATE outbox SET attempts = ?, next_attempt_at = ?, lease_until = NULL, last_error = ? WHERE id = ?",
          {std::int64_t{attempts}, next_attempt_at, error, id});
}

void SqlStore::mark_mail_failed(std::int64_t id, int attempts, const std::string& error, Timestamp) {
  execute("UPDATE outbox SET status = 'failed', attempts = ?, lease_until = NULL, last_error = ?, text_body = '', "
          "html_body = '' WHERE id = ?",
          {std::int64_t{attempts}, error, id});
}

std::size_t SqlStore::count_mail(const std::string& status) {
  auto rows = query("SELECT COUNT(*) FROM outbox WHERE status = ?", {status});
  return static_cast<std::size_t>(rows.front().integer(0));
}

}  // namespace matricula::db
