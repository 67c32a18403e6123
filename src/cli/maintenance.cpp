#include <iostream>

#include "cli/commands.hpp"

namespace matricula::cli {

int migrate(Wiring& w) {
  auto applied = w.migrate();
  if (applied.empty()) std::cout << "No migrations to apply: the database is up to date.\n";
  for (auto& name : applied) std::cout << "Applied " << name << "\n";
  return 0;
}

int send_test_email(Wiring& w, const std::string& to) {
  auto mail = w.composer.compose("test", to, {});
  auto error = w.mail_transport()->send(mail, w.config.email_from);
  if (!error.empty()) {
    std::cerr << "matricula: sending to " << to << " failed: " << error << "\n";
    return 1;
  }
  std::cout << "Sent a test message to " << to << ".\n";
  return 0;
}

}  // namespace matricula::cli
