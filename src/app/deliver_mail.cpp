#include "app/deliver_mail.hpp"

#include <algorithm>

namespace matricula {

int deliver_due_mail(Outbox& outbox, MailTransport& transport, const Clock& clock, const DeliveryPolicy& policy) {
  int delivered = 0;
  for (auto& queued : outbox.lease_due_mail(clock.now(), policy.batch, policy.lease_seconds)) {
    auto error = transport.send(queued.mail, policy.from);
    auto now = clock.now();
    int attempts = queued.attempts + 1;
    if (error.empty()) {
      outbox.mark_mail_sent(queued.id, now);
      ++delivered;
    } else if (attempts >= policy.max_attempts) {
      outbox.mark_mail_failed(queued.id, attempts, error, now);
    } else {
      long long delay = policy.first_retry_seconds;
      for (int i = 1; i < attempts && delay < policy.max_retry_seconds; ++i) delay *= 2;
      outbox.mark_mail_retry(queued.id, attempts, now + std::min<long long>(delay, policy.max_retry_seconds), error);
    }
  }
  return delivered;
}

}  // namespace matricula
