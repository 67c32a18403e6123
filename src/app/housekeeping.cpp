#include "app/housekeeping.hpp"

namespace matricula {

std::size_t purge_expired_records(Services& s) {
  auto now = s.clock.now();
  // Expired tokens and codes stay a day, so "already used or expired" can still be told apart in logs.
  return s.store.purge_expired(now - s.settings.session_idle_ttl, now - s.settings.session_absolute_ttl, now - 86400);
}

}  // namespace matricula
