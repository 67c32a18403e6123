// `matricula seed`: fills a database fast, straight through SQL, for benchmarks and load
// tests (many users, sessions whose cookies it writes out, queued mail).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "cli/commands.hpp"
#include "infra/db/sql_connection.hpp"

namespace matricula::cli {
namespace {

constexpr int kBatch = 500;

// Runs `rows` inserts of `columns` values each as multi-row INSERTs.
template <class RowValues>
void insert_rows(db::SqlConnection& conn, const std::string& head, int columns, long long rows, RowValues values_of) {
  for (long long start = 0; start < rows; start += kBatch) {
    auto n = std::min<long long>(kBatch, rows - start);
    std::string sql = head + " VALUES ";
    db::SqlParams params;
    params.reserve(static_cast<std::size_t>(n * columns));
    for (long long i = 0; i < n; ++i) {
      sql += i ? ",(" : "(";
      for (int c = 0; c < columns; ++c) sql += c ? ",?" : "?";
      sql += ")";
      values_of(start + i, params);
    }
    conn.execute(sql, params);
  }
}

// SQLite's record of changes for the servers' session caches (migration 0005): its last id, if
// the table is there.
std::optional<std::int64_t> last_change(db::SqlConnection& conn) {
  if (conn.dialect() != db::Dialect::sqlite ||
      conn.query("SELECT 1 FROM sqlite_master WHERE name = 'session_changes'").empty())
    return std::nullopt;
  return conn.query("SELECT COALESCE(MAX(id), 0) FROM session_changes").front().integer(0);
}

}  // namespace

int seed(Wiring& w, const SeedOptions& o) {
  auto conn = db::connect(w.config.database_url);
  auto now = w.clock.now();
  std::filesystem::create_directories(o.out_dir);
  auto hash = w.hasher.hash(o.password);
  conn->begin();  // one transaction: all of it or nothing
  auto first_id = conn->query("SELECT COALESCE(MAX(id), 0) FROM users").front().integer(0) + 1;
  auto changes_before = last_change(*conn);

  insert_rows(*conn,
              "INSERT INTO users (email, password_hash, first_name, last_name, email_verified_at, date_joined)", 6,
              o.users, [&](long long i, db::SqlParams& p) {
                auto n = first_id + i;
                p.insert(p.end(), {"user" + std::to_string(n) + "@bench.test", hash, std::string("Bench"),
                                   "User " + std::to_string(n), now, now});
              });
  auto phone = [](long long n) { return "+1" + std::string(10 - std::min<std::size_t>(10, std::to_string(n).size()), '0') + std::to_string(n); };
  insert_rows(*conn, "INSERT INTO phone_numbers (phone_number, user_id)", 2, o.users, [&](long long i, db::SqlParams& p) {
    p.insert(p.end(), {phone(first_id + i), first_id + i});
  });
  insert_rows(*conn, "INSERT INTO profiles (user_id, role, name, phone_number)", 4, o.users,
              [&](long long i, db::SqlParams& p) {
                auto n = first_id + i;
                p.insert(p.end(), {n, std::string("student"), "Bench User " + std::to_string(n), phone(n)});
              });

  // Signed-in sessions spread over the users; anonymous ones carry a CSRF token for forms.
  std::ofstream signed_in(o.out_dir + "/sessions.txt"), anonymous(o.out_dir + "/anonymous.txt");
  auto sessions = [&](long long count, bool with_user, std::ofstream& out) {
    insert_rows(*conn, "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, data)", 6, count,
                [&](long long i, db::SqlParams& p) {
                  auto id = w.random.url_token(32);
                  auto csrf = w.random.url_token(32);
                  db::SqlValue user = nullptr;
                  if (with_user && o.users > 0) user = first_id + i % o.users;
                  p.insert(p.end(), {w.digest.digest("session:" + id), user, csrf, now, now, std::string("{}")});
                  out << id << (with_user ? "" : " " + csrf) << "\n";
                });
  };
  sessions(o.sessions, true, signed_in);
  sessions(o.anonymous_sessions, false, anonymous);

  insert_rows(*conn,
              "INSERT INTO outbox (recipient, subject, text_body, html_body, message_id, status, attempts, "
              "next_attempt_at, created_at)",
              9, o.mails, [&](long long i, db::SqlParams& p) {
                p.insert(p.end(), {"mail" + std::to_string(i) + "@bench.test", std::string("Bench message"),
                                   std::string("Hello from the benchmark.\n"), std::string("<p>Hello</p>"),
                                   "<bench-" + w.random.url_token(12) + "@bench.test>", std::string("pending"),
                                   std::int64_t{0}, now, now});
              });
  // The profiles' roles trigger recorded a change of every new user. No server can have kept
  // what this transaction made, so those rows would only make servers forget and trim later
  // (a million of them for a million users).
  if (changes_before) conn->execute("DELETE FROM session_changes WHERE id > ?", {*changes_before});
  conn->commit();

  // Leave the database as a server finds it after a quiet while: PostgreSQL with planner
  // statistics (autovacuum has not run yet), SQLite with its write-ahead log copied back.
  conn->execute_script(conn->dialect() == db::Dialect::postgres ? "ANALYZE" : "PRAGMA wal_checkpoint(TRUNCATE)");
  std::cout << "Seeded " << o.users << " users (password: " << o.password << "), " << o.sessions
            << " signed-in sessions, " << o.anonymous_sessions << " anonymous sessions and " << o.mails
            << " queued mails; cookies in " << o.out_dir << "/\n";
  return 0;
}

}  // namespace matricula::cli
