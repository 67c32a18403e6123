#pragma once
#include <memory>
#include <string>

#include "ports/mail_transport.hpp"

namespace matricula::mail {

enum class SmtpSecurity { starttls, implicit_tls, none };

struct SmtpSettings {
  std::string host;
  int port = 587;
  SmtpSecurity security = SmtpSecurity::starttls;
  std::string username;
  std::string password;
  long timeout_seconds = 30;
};

// Sends over SMTP with libcurl, MIME built by curl_mime (text and HTML alternatives).
// One transport keeps its connection open between messages; use it from one thread.
class SmtpTransport final : public MailTransport {
 public:
  explicit SmtpTransport(SmtpSettings settings);
  ~SmtpTransport() override;
  std::string send(const OutgoingMail& mail, const std::string& from) override;
  // Connects, greets, starts TLS and authenticates as a send would, then says NOOP:
  // empty on success, else what went wrong.
  std::string probe();

 private:
  void set_connection_options();
  SmtpSettings settings_;
  void* curl_;  // CURL*, kept so the connection is reused
};

// Development transport: writes each message under `directory` (if not empty) and,
// when `echo` is set, prints it on standard output.
class LocalTransport final : public MailTransport {
 public:
  LocalTransport(std::string directory, bool echo) : directory_(std::move(directory)), echo_(echo) {}
  std::string send(const OutgoingMail& mail, const std::string& from) override;

 private:
  std::string directory_;
  bool echo_;
};

std::string rfc5322_date(long long unix_seconds);
// The bare address of "Name <addr>" or "addr".
std::string address_of(const std::string& mailbox);

}  // namespace matricula::mail
