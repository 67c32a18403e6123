#include "config/config.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <thread>

#include "config/dotenv.hpp"
#include "config/url.hpp"

extern char** environ;

namespace matricula::config {
namespace {

std::string get(const std::map<std::string, std::string>& env, const std::string& key, std::string fallback = {}) {
  auto it = env.find(key);
  return it == env.end() || it->second.empty() ? fallback : it->second;
}

[[noreturn]] void fail(const std::string& variable, const std::string& expected, const std::string& got) {
  throw ConfigError(variable + ": expected " + expected + ", got '" + got + "'");
}

int parse_int(const std::string& variable, const std::string& text, int min, int max) {
  try {
    std::size_t used = 0;
    int value = std::stoi(text, &used);
    if (used == text.size() && value >= min && value <= max) return value;
  } catch (...) {
  }
  fail(variable, "a whole number from " + std::to_string(min) + " to " + std::to_string(max), text);
}

bool parse_bool(const std::string& variable, const std::string& text) {
  if (text == "1" || text == "true" || text == "True" || text == "yes") return true;
  if (text == "0" || text == "false" || text == "False" || text == "no" || text.empty()) return false;
  fail(variable, "true or false", text);
}

std::vector<std::string> parse_list(const std::string& text) {
  std::vector<std::string> items;
  std::string item;
  for (char ch : text + ",") {
    if (ch == ',' || ch == ' ') {
      if (!item.empty()) items.push_back(std::move(item));
      item.clear();
    } else {
      item += ch;
    }
  }
  return items;
}

// "30/1m", "5/5m", "20/h", "100/30s": events per period; "0/1m" or "off" turns a rule off.
RateRule parse_rate(const std::string& variable, const std::string& text) {
  if (text == "off") return RateRule{0, 60};
  const std::string expected = "COUNT/PERIOD like 30/1m, 5/5m or 20/1h";
  auto slash = text.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 >= text.size()) fail(variable, expected, text);
  int count = parse_int(variable, text.substr(0, slash), 0, 1'000'000);
  auto period = text.substr(slash + 1);
  auto unit_at = period.find_first_not_of("0123456789");
  if (unit_at == std::string::npos) fail(variable, expected, text);
  int amount = unit_at == 0 ? 1 : parse_int(variable, period.substr(0, unit_at), 1, 1'000'000);
  auto unit = period.substr(unit_at);
  int seconds = unit == "s" ? 1 : unit == "m" || unit == "min" ? 60 : unit == "h" ? 3600 : unit == "d" ? 86400 : 0;
  if (seconds == 0) fail(variable, expected, text);
  return RateRule{count, amount * seconds};
}

void parse_limits(RateLimits& l, const std::map<std::string, std::string>& env) {
  auto rule = [&](const char* name, RateRule& target) {
    auto it = env.find(std::string("MATRICULA_RATELIMIT_") + name);
    if (it != env.end() && !it->second.empty()) target = parse_rate(it->first, it->second);
  };
  rule("SIGNIN_PER_IP", l.signin_per_ip);
  rule("FAILED_SIGNIN_PER_IP", l.failed_signin_per_ip);
  rule("FAILED_SIGNIN_PER_ACCOUNT", l.failed_signin_per_account);
  rule("CODE_PER_ADDRESS", l.code_requests_per_address);
  rule("CODE_PER_ACCOUNT_HOUR", l.code_requests_per_account_hour);
  rule("CODE_PER_IP", l.code_requests_per_ip);
  rule("REGISTER_PER_IP", l.registrations_per_ip);
  rule("RESEND_PER_ADDRESS", l.verification_resends_per_address);
}

void parse_listen(Config& c, const std::string& text) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) fail("MATRICULA_LISTEN", "HOST:PORT like 127.0.0.1:8000", text);
  c.listen_host = text.substr(0, colon);
  if (c.listen_host.size() > 2 && c.listen_host.front() == '[') c.listen_host = c.listen_host.substr(1, c.listen_host.size() - 2);
  c.listen_port = parse_int("MATRICULA_LISTEN", text.substr(colon + 1), 0, 65535);
}

EmailConfig parse_email_url(const std::string& text, const std::string& data_dir) {
  const std::string variable = "MATRICULA_EMAIL_URL";
  const std::string expected = "smtp://[user:pass@]host[:587], smtps://…, smtp+plain://host:port, console: or file:DIR";
  EmailConfig e;
  if (text == "console:" || text == "console") {
    e.kind = EmailConfig::Kind::console;
    e.directory = data_dir + "/mail";
    return e;
  }
  if (text.rfind("file:", 0) == 0) {
    e.kind = EmailConfig::Kind::file;
    e.directory = text.substr(5);
    if (e.directory.rfind("//", 0) == 0) e.directory = e.directory.substr(2);
    if (e.directory.empty()) fail(variable, expected, text);
    return e;
  }
  auto url = parse_url(text);
  if (!url || url->host.empty()) fail(variable, expected, text);
  e.kind = EmailConfig::Kind::smtp;
  e.host = url->host;
  e.username = url->username;
  e.password = url->password;
  if (url->scheme == "smtp") {
    e.security = EmailConfig::Security::starttls;
    e.port = 587;
  } else if (url->scheme == "smtps") {
    e.security = EmailConfig::Security::implicit_tls;
    e.port = 465;
  } else if (url->scheme == "smtp+plain") {
    e.security = EmailConfig::Security::none;
    e.port = 25;
    if (!e.username.empty()) fail(variable, "no credentials with smtp+plain (they would travel unencrypted)", text);
  } else {
    fail(variable, expected, text);
  }
  if (!url->port.empty()) e.port = parse_int(variable, url->port, 1, 65535);
  return e;
}

// The seed's Django settings, used when MATRICULA_EMAIL_URL is unset.
EmailConfig django_email(const std::map<std::string, std::string>& env) {
  EmailConfig e;
  e.kind = EmailConfig::Kind::smtp;
  e.host = get(env, "EMAIL_HOST");
  e.username = get(env, "EMAIL_HOST_USER");
  e.password = get(env, "EMAIL_HOST_PASSWORD");
  bool tls = parse_bool("EMAIL_USE_TLS", get(env, "EMAIL_USE_TLS"));
  bool ssl = parse_bool("EMAIL_USE_SSL", get(env, "EMAIL_USE_SSL"));
  if (tls && ssl) fail("EMAIL_USE_SSL", "not both EMAIL_USE_TLS and EMAIL_USE_SSL", "true");
  e.security = ssl ? EmailConfig::Security::implicit_tls
                   : tls ? EmailConfig::Security::starttls : EmailConfig::Security::none;
  e.port = parse_int("EMAIL_PORT", get(env, "EMAIL_PORT", ssl ? "465" : tls ? "587" : "25"), 1, 65535);
  if (e.security == EmailConfig::Security::none && !e.username.empty())
    fail("EMAIL_USE_TLS", "true when EMAIL_HOST_USER is set (credentials must not travel unencrypted)", "false");
  return e;
}

}  // namespace

Config load_config(const std::map<std::string, std::string>& env, const std::string& default_resource_dir) {
  Config c;
  auto mode = get(env, "MATRICULA_ENV", "development");
  if (mode != "development" && mode != "production") fail("MATRICULA_ENV", "development or production", mode);
  c.production = mode == "production";

  parse_listen(c, get(env, "MATRICULA_LISTEN", "127.0.0.1:8000"));

  c.site_url = get(env, "MATRICULA_SITE_URL", "http://127.0.0.1:8000");
  while (!c.site_url.empty() && c.site_url.back() == '/') c.site_url.pop_back();
  auto site = parse_url(c.site_url);
  if (!site || (site->scheme != "http" && site->scheme != "https") || site->host.empty() || !site->path.empty())
    fail("MATRICULA_SITE_URL", "an absolute http(s) URL without a path, like https://accounts.example.edu",
         c.site_url);
  if (c.production && site->scheme != "https")
    fail("MATRICULA_SITE_URL", "an https:// URL in production (session cookies are marked Secure)", c.site_url);

  c.data_dir = get(env, "MATRICULA_DATA_DIR", "var");
  c.database_url = get(env, "MATRICULA_DATABASE_URL", "sqlite:" + c.data_dir + "/matricula.db");
  if (!c.uses_sqlite() && c.database_url.rfind("postgresql://", 0) != 0 &&
      c.database_url.rfind("postgres://", 0) != 0)
    fail("MATRICULA_DATABASE_URL", "sqlite:PATH or postgresql://user:pass@host:port/db", c.database_url);
  if (c.database_url == "sqlite:") fail("MATRICULA_DATABASE_URL", "sqlite:PATH with a path", c.database_url);
  c.database_timeout_seconds = parse_int("MATRICULA_DATABASE_TIMEOUT_SECONDS",
                                         get(env, "MATRICULA_DATABASE_TIMEOUT_SECONDS", "5"), 1, 3600);

  auto email_url = get(env, "MATRICULA_EMAIL_URL");
  if (!email_url.empty())
    c.email = parse_email_url(email_url, c.data_dir);
  else if (!get(env, "EMAIL_HOST").empty())
    c.email = django_email(env);
  else if (c.production)
    fail("MATRICULA_EMAIL_URL", "an smtp:// or smtps:// URL in production", "");
  else
    c.email = parse_email_url("console:", c.data_dir);
  if (c.production && c.email.kind != EmailConfig::Kind::smtp)
    fail("MATRICULA_EMAIL_URL", "an smtp:// or smtps:// URL in production", email_url);

  c.email_from = get(env, "MATRICULA_EMAIL_FROM", get(env, "DEFAULT_FROM_EMAIL", "matricula <no-reply@" + site->host + ">"));
  if (c.email_from.find('@') == std::string::npos || c.email_from.find_first_of("\r\n") != std::string::npos)
    fail("MATRICULA_EMAIL_FROM", "an address like \"School <no-reply@example.edu>\"", c.email_from);

  c.resource_dir = get(env, "MATRICULA_RESOURCE_DIR", default_resource_dir);
  c.clock_offset_file = get(env, "MATRICULA_TEST_CLOCK_OFFSET_FILE");
  if (c.production && !c.clock_offset_file.empty())
    fail("MATRICULA_TEST_CLOCK_OFFSET_FILE", "unset in production", c.clock_offset_file);
  c.threads = parse_int("MATRICULA_THREADS", get(env, "MATRICULA_THREADS", "16"), 1, 1024);
  // Page views run on the I/O threads: one per core on SQLite. On PostgreSQL a view whose
  // session is not in memory waits out a round trip to the database, so two per core keep the
  // cores busy meanwhile; more only lengthen the queue behind each core (measured: p99 5.0-5.6 ms
  // with 4 threads on 2 cores, 6.4-7.3 ms with 8, the same rate; docs/performance.md).
  const int cores = std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 2, 32);
  c.io_threads = parse_int("MATRICULA_IO_THREADS",
                           get(env, "MATRICULA_IO_THREADS", std::to_string(c.uses_sqlite() ? cores : 2 * cores)), 1, 64);
  c.session_cache_entries = parse_int("MATRICULA_SESSION_CACHE_ENTRIES",
                                      get(env, "MATRICULA_SESSION_CACHE_ENTRIES", "20000"), 0, 10'000'000);
  c.max_connections = parse_int("MATRICULA_MAX_CONNECTIONS", get(env, "MATRICULA_MAX_CONNECTIONS", "10000"), 1, 1'000'000);
  c.trusted_proxies = parse_list(get(env, "MATRICULA_TRUSTED_PROXIES"));
  c.allowed_hosts = parse_list(get(env, "MATRICULA_ALLOWED_HOSTS"));
  c.allowed_hosts.insert(c.allowed_hosts.begin(), site->host);
  if (!c.production)  // the same machine under its other names
    for (auto local : {"127.0.0.1", "localhost", "::1"}) c.allowed_hosts.push_back(local);
  if (auto allow = get(env, "MATRICULA_METRICS_ALLOW"); !allow.empty()) c.metrics_allow = parse_list(allow);
  c.outbox_worker = parse_bool("MATRICULA_OUTBOX_WORKER", get(env, "MATRICULA_OUTBOX_WORKER", "true"));
  c.mail_retry_first_seconds = parse_int("MATRICULA_MAIL_RETRY_FIRST_SECONDS", get(env, "MATRICULA_MAIL_RETRY_FIRST_SECONDS", "5"), 1, 3600);
  c.mail_retry_max_seconds = parse_int("MATRICULA_MAIL_RETRY_MAX_SECONDS", get(env, "MATRICULA_MAIL_RETRY_MAX_SECONDS", "60"), 1, 86400);
  c.mail_max_attempts = parse_int("MATRICULA_MAIL_MAX_ATTEMPTS", get(env, "MATRICULA_MAIL_MAX_ATTEMPTS", "10"), 1, 1000);
  c.max_upload_bytes = static_cast<std::size_t>(
      parse_int("MATRICULA_MAX_UPLOAD_BYTES", get(env, "MATRICULA_MAX_UPLOAD_BYTES", "5242880"), 1024, 100 << 20));
  c.max_image_pixels = static_cast<std::size_t>(
      parse_int("MATRICULA_MAX_IMAGE_PIXELS", get(env, "MATRICULA_MAX_IMAGE_PIXELS", "40000000"), 10000, 1'000'000'000));
  c.instructor_approval = parse_bool("MATRICULA_INSTRUCTOR_APPROVAL", get(env, "MATRICULA_INSTRUCTOR_APPROVAL"));
  c.log_level = get(env, "MATRICULA_LOG_LEVEL", "info");
  if (c.log_level != "debug" && c.log_level != "info" && c.log_level != "warn" && c.log_level != "error")
    fail("MATRICULA_LOG_LEVEL", "debug, info, warn or error", c.log_level);
  parse_limits(c.limits, env);
  return c;
}

std::map<std::string, std::string> gather_environment(const std::string& dotenv_path) {
  std::map<std::string, std::string> env;
  if (std::ifstream in(dotenv_path); in) {
    std::stringstream text;
    text << in.rdbuf();
    env = parse_dotenv(text.str());
  }
  for (char** e = environ; e && *e; ++e) {
    std::string entry(*e);
    auto eq = entry.find('=');
    if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  return env;
}

}  // namespace matricula::config
