#pragma once
#include <string>

#include "ports/clock.hpp"
#include "ports/mail_composer.hpp"
#include "ports/password_hasher.hpp"
#include "ports/random.hpp"
#include "ports/secret_digest.hpp"
#include "ports/store.hpp"

namespace matricula {

struct AppSettings {
  std::string site_url = "http://127.0.0.1:8000";  // absolute links in mail are built from it
  Timestamp verification_ttl = 24 * 3600;
  Timestamp session_idle_ttl = 14 * 24 * 3600;
  Timestamp session_absolute_ttl = 30 * 24 * 3600;
};

// The ports a use case may use; each use case is a function taking them.
struct Services {
  Store& store;
  Clock& clock;
  Random& random;
  PasswordHasher& hasher;
  SecretDigest& digest;
  MailComposer& mail;
  AppSettings settings;
};

}  // namespace matricula
