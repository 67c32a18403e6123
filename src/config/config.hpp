#pragma once
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/services.hpp"

namespace matricula::config {

// A bad value: the message names the variable and what is expected.
struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct EmailConfig {
  enum class Kind { console, file, smtp } kind = Kind::console;
  enum class Security { starttls, implicit_tls, none } security = Security::starttls;
  std::string directory;  // console and file: where messages are kept
  std::string host;
  int port = 587;
  std::string username;
  std::string password;
};

struct Config {
  bool production = false;
  std::string listen_host = "127.0.0.1";
  int listen_port = 8000;
  std::string site_url = "http://127.0.0.1:8000";
  std::string data_dir = "var";
  std::string database_url;  // sqlite:PATH or postgresql://…
  bool uses_sqlite() const { return database_url.rfind("sqlite:", 0) == 0; }
  // A statement PostgreSQL has not answered within this fails (503) and its connection is
  // closed, so that a hung server cannot hold every thread. Migrations wait without a limit.
  int database_timeout_seconds = 5;
  EmailConfig email;
  std::string email_from;
  std::string secret_key;          // empty until resolve_secret_key()
  std::string resource_dir;        // holds templates/, static/, migrations/
  std::string clock_offset_file;   // tests only
  int threads = 16;                // request handlers (they may wait on the database or argon2)
  int io_threads = 2;
  std::size_t max_body_bytes = 64 * 1024;
  std::size_t max_upload_bytes = 5 * 1024 * 1024;  // a profile picture
  std::size_t max_image_pixels = 40'000'000;
  int max_connections = 10000;
  std::vector<std::string> trusted_proxies;  // MATRICULA_TRUSTED_PROXIES: addresses or networks
  std::vector<std::string> allowed_hosts;    // Host headers served besides the site URL's host
  std::vector<std::string> metrics_allow{"127.0.0.0/8", "::1"};  // who may read /metrics
  bool outbox_worker = true;                 // serve also delivers mail (else run `matricula worker`)
  bool instructor_approval = false;          // asking to teach waits for an administrator
  std::string log_level = "info";            // debug, info, warn or error
  int mail_retry_first_seconds = 5;          // a failed send is retried after this, doubled each time ...
  int mail_retry_max_seconds = 60;           // ... up to this
  int mail_max_attempts = 10;                // then the message is marked failed
  int session_cache_entries = 20000;         // sessions each instance keeps in memory (0: none)
  RateLimits limits;

  bool secure_cookies() const { return site_url.rfind("https://", 0) == 0; }
};

// Reads the MATRICULA_* variables (and the seed's Django EMAIL_* names); throws ConfigError.
Config load_config(const std::map<std::string, std::string>& env, const std::string& default_resource_dir);

// The process environment over the .env file in the working directory (the real environment wins).
std::map<std::string, std::string> gather_environment(const std::string& dotenv_path = ".env");

// MATRICULA_SECRET_KEY, or in development one generated once into DATA_DIR/secret_key.
void resolve_secret_key(Config& config, const std::map<std::string, std::string>& env);

}  // namespace matricula::config
