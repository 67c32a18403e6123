#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "domain/session.hpp"

namespace matricula::db {

// Sessions read recently, with their users, so that most page views need no query. An entry
// is dropped when its session or user changes: at once when the change is made through this
// process, and soon after when another process makes it (see SessionChangeFeed: milliseconds
// on PostgreSQL, up to 50 ms on SQLite). While such a change could be missed the cache is
// off: empty, and every lookup goes to the database.
class SessionCache {
 public:
  using Generation = std::uint64_t;
  struct Stats {
    std::uint64_t hits = 0, misses = 0;
    std::size_t entries = 0;
  };

  using Clock = std::chrono::steady_clock;
  // An entry is read from the database again once it is `max_age` old, whatever happened.
  SessionCache(std::size_t capacity, Clock::duration max_age, std::function<Clock::time_point()> now = Clock::now);

  std::optional<SessionAndUser> get(const std::string& id_hash);
  // Taken before reading the database, then given to put(): a read that may have started
  // before something was forgotten is not kept.
  Generation generation() const;
  void put(Generation read_at, const SessionAndUser& found);
  void forget_session(const std::string& id_hash);
  void forget_user(UserId user);
  void forget_all();
  void turn_off();
  void turn_on();
  bool is_on() const;
  Stats stats() const;

 private:
  struct Entry {
    std::shared_ptr<const SessionAndUser> value;
    Clock::time_point stored_at;
  };
  void clear();  // with the lock held
  void erase(std::unordered_map<std::string, Entry>::iterator it);
  void evict_one();

  const std::size_t capacity_;
  const Clock::duration max_age_;
  const std::function<Clock::time_point()> now_;
  mutable std::mutex mutex_;
  bool on_ = false;
  Generation generation_ = 0;
  std::uint64_t hits_ = 0, misses_ = 0, evictions_seed_ = 0;
  std::unordered_map<std::string, Entry> entries_;          // by session id hash
  std::unordered_multimap<UserId, std::string> by_user_;    // user -> id hashes of their entries
};

}  // namespace matricula::db
