#pragma once
#include <cstdint>
#include <string>

namespace matricula {

struct OutgoingMail {
  std::string to;
  std::string subject;
  std::string text_body;
  std::string html_body;
  std::string message_id;  // fixed when queued, so a retried send keeps it
};

struct QueuedMail {
  std::int64_t id = 0;
  int attempts = 0;  // sends tried before this one
  OutgoingMail mail;
};

}  // namespace matricula
