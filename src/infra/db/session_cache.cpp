#include "infra/db/session_cache.hpp"

namespace matricula::db {

SessionCache::SessionCache(std::size_t capacity, Clock::duration max_age, std::function<Clock::time_point()> now)
    : capacity_(capacity), max_age_(max_age), now_(std::move(now)) {
  entries_.reserve(capacity);
}

std::optional<SessionAndUser> SessionCache::get(const std::string& id_hash) {
  std::shared_ptr<const SessionAndUser> value;
  {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(id_hash);
    if (it != entries_.end() && now_() - it->second.stored_at > max_age_) {
      erase(it);
      it = entries_.end();
    }
    if (it == entries_.end()) {
      ++misses_;
      return std::nullopt;
    }
    ++hits_;
    value = it->second.value;
  }
  return *value;  // copied outside the lock
}

SessionCache::Generation SessionCache::generation() const {
  std::lock_guard lock(mutex_);
  return generation_;
}

void SessionCache::put(Generation read_at, const SessionAndUser& found) {
  auto value = std::make_shared<const SessionAndUser>(found);
  std::lock_guard lock(mutex_);
  if (!on_ || read_at != generation_ || capacity_ == 0) return;
  if (auto it = entries_.find(found.session.id_hash); it != entries_.end()) erase(it);
  if (entries_.size() >= capacity_) evict_one();
  entries_.emplace(found.session.id_hash, Entry{value, now_()});
  if (found.session.user_id) by_user_.emplace(*found.session.user_id, found.session.id_hash);
}

void SessionCache::forget_session(const std::string& id_hash) {
  std::lock_guard lock(mutex_);
  ++generation_;
  if (auto it = entries_.find(id_hash); it != entries_.end()) erase(it);
}

void SessionCache::forget_user(UserId user) {
  std::lock_guard lock(mutex_);
  ++generation_;
  auto [first, last] = by_user_.equal_range(user);
  for (auto i = first; i != last; ++i) entries_.erase(i->second);
  by_user_.erase(first, last);
}

void SessionCache::forget_all() {
  std::lock_guard lock(mutex_);
  clear();
}

void SessionCache::turn_off() {
  std::lock_guard lock(mutex_);
  clear();
  on_ = false;
}

void SessionCache::turn_on() {
  std::lock_guard lock(mutex_);
  clear();
  on_ = true;
}

bool SessionCache::is_on() const {
  std::lock_guard lock(mutex_);
  return on_;
}

SessionCache::Stats SessionCache::stats() const {
  std::lock_guard lock(mutex_);
  return {hits_, misses_, entries_.size()};
}

void SessionCache::clear() {
  ++generation_;
  entries_.clear();
  by_user_.clear();
}

void SessionCache::erase(std::unordered_map<std::string, Entry>::iterator it) {
  if (auto& user = it->second.value->session.user_id) {
    auto [first, last] = by_user_.equal_range(*user);
    for (auto i = first; i != last; ++i)
      if (i->second == it->first) {
        by_user_.erase(i);
        break;
      }
  }
  entries_.erase(it);
}

// Any entry will do; a bucket picked in turn spreads evictions over the table without a
// recency list to keep up on every hit.
void SessionCache::evict_one() {
  auto buckets = entries_.bucket_count();
  for (std::size_t tried = 0; tried < buckets; ++tried) {
    auto bucket = (evictions_seed_++ * 2654435761u) % buckets;
    if (entries_.bucket_size(bucket) == 0) continue;
    erase(entries_.find(entries_.begin(bucket)->first));
    return;
  }
}

}  // namespace matricula::db
