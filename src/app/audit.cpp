#include "app/audit.hpp"

namespace matricula {

void audit(Services& s, std::optional<UserId> user, std::optional<UserId> actor, const std::string& action,
           const std::string& ip, const std::string& detail) {
  s.store.record_audit({0, user, actor, action, detail, ip, s.clock.now()});
}

}  // namespace matricula
