#pragma once
#include <string>

#include "domain/mail.hpp"

namespace matricula {

struct MailTransport {
  virtual ~MailTransport() = default;
  // Empty on success, else why it failed (kept on the outbox row).
  virtual std::string send(const OutgoingMail& mail, const std::string& from) = 0;
};

}  // namespace matricula
