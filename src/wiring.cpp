#include "wiring.hpp"

#include <filesystem>

#include "infra/db/migrator.hpp"
#include "infra/mail/smtp_transport.hpp"
#include "log/log.hpp"

namespace matricula {
namespace {

std::string prepared_database_url(const config::Config& c) {
  if (c.uses_sqlite()) {
    auto parent = std::filesystem::path(c.database_url.substr(7)).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
  }
  return c.database_url;
}

std::string migrations_dir(const config::Config& c) {
  auto dialect = c.uses_sqlite() ? "sqlite" : "postgres";
  return c.resource_dir + "/migrations/" + dialect;
}

}  // namespace

Wiring::Wiring(const config::Config& c)
    : config(c),
      store(prepared_database_url(c), std::chrono::seconds(c.database_timeout_seconds)),
      clock(c.clock_offset_file),
      digest(c.secret_key),
      composer(c.resource_dir + "/templates", c.site_url, random),
      images(images::ImageLimits{c.max_image_pixels}),
      services{store,
               clock,
               random,
               hasher,
               digest,
               composer,
               images,
               AppSettings{.site_url = c.site_url, .limits = c.limits, .instructor_approval = c.instructor_approval}} {}

std::unique_ptr<MailTransport> Wiring::mail_transport() const {
  using Kind = config::EmailConfig::Kind;
  auto& e = config.email;
  if (e.kind == Kind::console) return std::make_unique<mail::LocalTransport>(e.directory, true);
  if (e.kind == Kind::file) return std::make_unique<mail::LocalTransport>(e.directory, false);
  using S = config::EmailConfig::Security;
  mail::SmtpSettings smtp{e.host, e.port,
                          e.security == S::starttls       ? mail::SmtpSecurity::starttls
                          : e.security == S::implicit_tls ? mail::SmtpSecurity::implicit_tls
                                                          : mail::SmtpSecurity::none,
                          e.username, e.password};
  return std::make_unique<mail::SmtpTransport>(smtp);
}

DeliveryPolicy Wiring::delivery_policy() const {
  DeliveryPolicy policy;
  policy.from = config.email_from;
  policy.first_retry_seconds = config.mail_retry_first_seconds;
  policy.max_retry_seconds = config.mail_retry_max_seconds;
  policy.max_attempts = config.mail_max_attempts;
  return policy;
}

std::vector<std::string> Wiring::pending_migrations() const {
  auto conn = db::connect(config.database_url, std::chrono::seconds(config.database_timeout_seconds));
  std::vector<std::string> names;
  for (auto& m : db::pending_migrations(*conn, db::load_migrations(migrations_dir(config)))) names.push_back(m.name);
  return names;
}

std::string Wiring::readiness_problem() const {
  try {
    auto pending = pending_migrations();
    return pending.empty() ? std::string() : "pending migrations";
  } catch (const std::exception& e) {
    log::warn("not ready", {{"error", e.what()}});  // the detail goes to the log, not to whoever asks
    return "database unreachable";
  }
}

void Wiring::cache_sessions() {
  if (config.session_cache_entries == 0) return;
  session_cache = std::make_unique<db::SessionCache>(static_cast<std::size_t>(config.session_cache_entries),
                                                     std::chrono::seconds(60));
  session_changes = db::follow_session_changes(config.database_url, *session_cache);
  store.use_session_cache(session_cache.get());
}

std::vector<std::string> Wiring::migrate() const {
  auto conn = db::connect(config.database_url);
  return db::migrate(*conn, db::load_migrations(migrations_dir(config)));
}

}  // namespace matricula
