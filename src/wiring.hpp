#pragma once
// Builds the real implementations of the ports from the configuration.
#include <memory>

#include "app/deliver_mail.hpp"
#include "app/services.hpp"
#include "config/config.hpp"
#include "infra/crypto/sodium.hpp"
#include "infra/db/session_change_feed.hpp"
#include "infra/db/sql_store.hpp"
#include "infra/images/vips_image_processor.hpp"
#include "infra/mail/mustache_composer.hpp"
#include "infra/system/system_clock.hpp"

namespace matricula {

struct Wiring {
  explicit Wiring(const config::Config& config);

  const config::Config& config;
  db::SqlStore store;
  sys::SystemClock clock;
  crypto::SodiumRandom random;
  crypto::Argon2Hasher hasher;
  crypto::HmacDigest digest;
  mail::MustacheComposer composer;
  images::VipsImageProcessor images;
  Services services;

  std::unique_ptr<MailTransport> mail_transport() const;
  DeliveryPolicy delivery_policy() const;
  // Names of migrations not applied yet.
  std::vector<std::string> pending_migrations() const;
  std::vector<std::string> migrate() const;
  // Empty when this instance can serve: database reachable, migrations current.
  std::string readiness_problem() const;
  // Page views read sessions from memory, kept in step with what other processes change.
  void cache_sessions();

  std::unique_ptr<db::SessionCache> session_cache;
  std::unique_ptr<db::SessionChangeFeed> session_changes;
};

}  // namespace matricula
