#include "app/throttle.hpp"

namespace matricula {
namespace {

long judge(Services& s, const std::string& key, const RateRule& rule, bool count) {
  if (!rule.enabled()) return 0;
  auto now = s.clock.now();
  Timestamp window = rule.window_seconds;
  Timestamp start = now - now % window;
  auto current = count ? s.store.increment_counter(key, start) : s.store.read_counter(key, start) + 1;
  auto previous = s.store.read_counter(key, start - window);
  double overlap = static_cast<double>(window - (now - start)) / static_cast<double>(window);
  double estimate = static_cast<double>(previous) * overlap + static_cast<double>(current);
  if (estimate <= rule.limit) return 0;
  // Wait until the previous window has faded enough, or until the next window at most.
  if (current > rule.limit) return static_cast<long>(start + window - now);
  double excess = estimate - rule.limit;
  auto wait = static_cast<long>(excess / static_cast<double>(previous) * static_cast<double>(window)) + 1;
  return std::min<long>(wait, static_cast<long>(start + window - now));
}

}  // namespace

long throttle_hit(Services& s, const std::string& key, const RateRule& rule) { return judge(s, key, rule, true); }

long throttle_check(Services& s, const std::string& key, const RateRule& rule) { return judge(s, key, rule, false); }

}  // namespace matricula
