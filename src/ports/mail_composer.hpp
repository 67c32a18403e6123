#pragma once
#include <map>
#include <string>

#include "domain/mail.hpp"

namespace matricula {

// Turns a named mail (templates/email/NAME.*) and its values into a message.
struct MailComposer {
  virtual ~MailComposer() = default;
  virtual OutgoingMail compose(const std::string& name, const std::string& to,
                               const std::map<std::string, std::string>& values) = 0;
};

}  // namespace matricula
