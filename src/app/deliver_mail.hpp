#pragma once
#include <string>

#include "ports/clock.hpp"
#include "ports/mail_transport.hpp"
#include "ports/store.hpp"

namespace matricula {

struct DeliveryPolicy {
  std::string from = "matricula <no-reply@localhost>";
  int batch = 20;
  int lease_seconds = 120;       // a worker that dies mid-send frees its messages after this
  int first_retry_seconds = 5;   // doubled after each failure ...
  int max_retry_seconds = 60;    // ... up to this
  int max_attempts = 10;         // then the message is marked failed
};

// Sends one batch of due outbox messages; returns how many were handed over to the transport.
int deliver_due_mail(Outbox& outbox, MailTransport& transport, const Clock& clock, const DeliveryPolicy& policy);

}  // namespace matricula
