#pragma once
#include <string>

#include "ports/clock.hpp"
#include "ports/image_processor.hpp"
#include "ports/mail_composer.hpp"
#include "ports/password_hasher.hpp"
#include "ports/random.hpp"
#include "ports/secret_digest.hpp"
#include "ports/store.hpp"

namespace matricula {

// At most `limit` events per `window_seconds`; limit 0 turns the rule off.
struct RateRule {
  int limit = 0;
  int window_seconds = 60;
  bool enabled() const { return limit > 0; }
};

// Starting points from django-allauth.
struct RateLimits {
  RateRule signin_per_ip{30, 60};
  RateRule failed_signin_per_ip{10, 60};
  RateRule failed_signin_per_account{5, 300};
  RateRule code_requests_per_address{3, 60};
  RateRule code_requests_per_account_hour{10, 3600};
  RateRule code_requests_per_ip{20, 3600};
  RateRule registrations_per_ip{20, 60};
  RateRule verification_resends_per_address{3, 3600};
};

struct AppSettings {
  std::string site_url = "http://127.0.0.1:8000";  // absolute links in mail are built from it
  Timestamp verification_ttl = 24 * 3600;
  Timestamp session_idle_ttl = 14 * 24 * 3600;
  Timestamp session_absolute_ttl = 30 * 24 * 3600;
  RateLimits limits;
  bool instructor_approval = false;  // a student who asks to teach waits for an administrator
};

// The ports a use case may use; each use case is a function taking them.
struct Services {
  Store& store;
  Clock& clock;
  Random& random;
  PasswordHasher& hasher;
  SecretDigest& digest;
  MailComposer& mail;
  ImageProcessor& images;
  AppSettings settings;
};

}  // namespace matricula
