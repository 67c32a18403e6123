#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "infra/mail/smtp_transport.hpp"

namespace matricula::cli {
namespace {

struct Report {
  int problems = 0;
  void line(bool ok, const std::string& what, const std::string& detail) {
    std::cout << (ok ? "ok       " : "PROBLEM  ") << what << (detail.empty() ? "" : ": " + detail) << "\n";
    problems += !ok;
  }
};

std::string mail_problem(Wiring& w) {
  auto transport = w.mail_transport();
  if (auto* smtp = dynamic_cast<mail::SmtpTransport*>(transport.get())) return smtp->probe();
  std::error_code ec;
  std::filesystem::create_directories(w.config.email.directory, ec);
  auto probe = std::filesystem::path(w.config.email.directory) / ".matricula-check";
  if (ec || !(std::ofstream(probe) << "x")) return "cannot write to " + w.config.email.directory;
  std::filesystem::remove(probe, ec);
  return {};
}

}  // namespace

// Configuration errors stop the process before this runs (exit 2, one line); here the
// outside world is checked: database, migrations, mail server, secret key.
int check(Wiring& w) {
  Report report;
  auto& c = w.config;
  report.line(true, "configuration", std::string(c.production ? "production" : "development") + ", site " + c.site_url);
  report.line(c.secret_key.size() >= 32, "secret key",
              c.secret_key.size() >= 32 ? std::to_string(c.secret_key.size()) + " bytes" : "shorter than 32 bytes");
  try {
    auto pending = w.pending_migrations();
    report.line(true, "database", c.database_url.substr(0, c.database_url.find(':')) + " reachable");
    std::string names;
    for (auto& n : pending) names += (names.empty() ? "" : ", ") + n;
    report.line(pending.empty(), "migrations", pending.empty() ? "up to date" : "pending: " + names + " (run `matricula migrate`)");
  } catch (const std::exception& e) {
    report.line(false, "database", e.what());
  }
  auto mail = mail_problem(w);
  auto kind = c.email.kind == config::EmailConfig::Kind::smtp ? "smtp " + c.email.host + ":" + std::to_string(c.email.port)
                                                               : "local folder " + c.email.directory;
  report.line(mail.empty(), "mail", mail.empty() ? kind + " answers" : kind + ": " + mail);
  std::cout << (report.problems ? std::to_string(report.problems) + " problem(s) found.\n" : "All checks passed.\n");
  return report.problems ? 1 : 0;
}

}  // namespace matricula::cli
