#include "infra/db/session_notifications.hpp"

#include <libpq-fe.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <memory>

#include "infra/db/sql_connection.hpp"
#include "log/log.hpp"

namespace matricula::db {
namespace {

using Clock = std::chrono::steady_clock;
using Connection = std::unique_ptr<PGconn, decltype(&PQfinish)>;
using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

constexpr auto kHeartbeat = std::chrono::seconds(1);
constexpr auto kHeartbeatTimeout = std::chrono::seconds(3);
constexpr int kReconnectMs = 1000;

// TCP keepalives: a peer gone silent ends the connection within about 10 s, heartbeat or not.
std::string with_timeouts(const std::string& url) {
  return with_connect_timeout(url) + "&keepalives_idle=5&keepalives_interval=2&keepalives_count=2";
}

// Sent every second. Its notification must come back: that proves notifications reach this
// connection (they would not through a pooler in transaction mode). Its answer keeps the cache
// off on a database whose migrations have not reached 0005 yet.
struct Heartbeat {
  std::string ping;  // the payload that must come back
  bool answered = true, echoed = true, triggers = false;
  Clock::time_point sent_at = Clock::now() - kHeartbeat;

  bool pending() const { return !answered || !echoed; }
  bool send(PGconn* conn, std::uint64_t n) {
    ping = "p" + std::to_string(PQbackendPID(conn)) + ":" + std::to_string(n);
    auto sql = std::string("SELECT pg_notify('") + SessionNotifications::kChannel + "', '" + ping +
               "'), (SELECT count(*) = 2 FROM pg_trigger WHERE tgname IN ('sessions_notify', 'users_notify'))";
    answered = echoed = false;
    sent_at = Clock::now();
    return PQsendQuery(conn, sql.c_str());
  }
  void read_answer(PGresult* result) {
    triggers = PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) == 1 && PQgetvalue(result, 0, 1)[0] == 't';
  }
};

}  // namespace

SessionNotifications::SessionNotifications(std::string url, SessionCache& cache)
    : url_(std::move(url)), cache_(cache), wake_fd_(eventfd(0, EFD_CLOEXEC)), thread_([this] { run(); }) {}

SessionNotifications::~SessionNotifications() {
  stopping_ = true;
  std::uint64_t one = 1;
  if (write(wake_fd_, &one, sizeof one) < 0) {
  }  // the thread also checks the flag every second
  thread_.join();
  close(wake_fd_);
  cache_.turn_off();
}

void SessionNotifications::run() {
  while (!stopping_) {
    listen_until_lost();
    cache_.turn_off();
    wait(-1, kReconnectMs);
  }
}

void SessionNotifications::listen_until_lost() {
  Connection conn(PQconnectdb(with_timeouts(url_).c_str()), &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) return;
  PQsetNoticeProcessor(conn.get(), [](void*, const char*) {}, nullptr);  // a lost connection is logged below
  Result listening(PQexec(conn.get(), (std::string("LISTEN ") + kChannel).c_str()), &PQclear);
  if (PQresultStatus(listening.get()) != PGRES_COMMAND_OK) return;

  Heartbeat heartbeat;
  for (std::uint64_t n = 1; !stopping_;) {
    auto now = Clock::now();
    if (heartbeat.pending() && now - heartbeat.sent_at > kHeartbeatTimeout) {
      if (cache_.is_on()) log::warn("session cache off: the database stopped answering");
      return;
    }
    if (!heartbeat.pending() && now - heartbeat.sent_at >= kHeartbeat && !heartbeat.send(conn.get(), n++)) return;
    auto until = heartbeat.sent_at + (heartbeat.pending() ? kHeartbeatTimeout : kHeartbeat);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
    if (!wait(PQsocket(conn.get()), static_cast<int>(std::max<long long>(ms, 1)))) return;
    if (!PQconsumeInput(conn.get())) {
      if (cache_.is_on()) log::warn("session cache off: lost the notification connection");
      return;
    }
    while (auto* note = PQnotifies(conn.get())) {
      if (note->extra == heartbeat.ping)
        heartbeat.echoed = true;
      else
        apply(note->extra);
      PQfreemem(note);
    }
    while (!heartbeat.answered && !PQisBusy(conn.get())) {
      Result result(PQgetResult(conn.get()), &PQclear);
      if (!result) heartbeat.answered = true;
      else heartbeat.read_answer(result.get());
    }
    if (heartbeat.pending()) continue;
    if (heartbeat.triggers && !cache_.is_on()) {
      cache_.turn_on();
      log::info("session cache on");
    } else if (!heartbeat.triggers && cache_.is_on()) {
      cache_.turn_off();
    }
  }
}

void SessionNotifications::apply(const char* payload) {
  std::string_view text(payload);
  UserId user = 0;
  if (text.size() > 1 && text[0] == 's') {
    cache_.forget_session(std::string(text.substr(1)));
  } else if (text.size() > 1 && text[0] == 'u' &&
             std::from_chars(text.data() + 1, text.data() + text.size(), user).ec == std::errc()) {
    cache_.forget_user(user);
  } else if (text.empty() || text[0] != 'p') {  // not another instance's heartbeat, nor ours to read
    cache_.forget_all();                         // rather than guess
  }
}

bool SessionNotifications::wait(int socket, int ms) {
  pollfd fds[2] = {{wake_fd_, POLLIN, 0}, {socket, POLLIN, 0}};
  poll(fds, socket < 0 ? 1 : 2, ms);
  return !stopping_;
}

}  // namespace matricula::db
