// The matricula command: serve, migrate, send-test-email.
#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <sys/resource.h>

#include <iostream>

#include "http/server.hpp"
#include "http/views.hpp"
#include "http/web_app.hpp"
#include "app/housekeeping.hpp"
#include "infra/mail/outbox_worker.hpp"
#include "infra/system/periodic_task.hpp"
#include "wiring.hpp"

using namespace matricula;

namespace {

// Logs go to standard error; standard output carries the "listening on" line and console mail.
void setup_logging(const config::Config& config) {
  spdlog::set_default_logger(spdlog::stderr_color_mt("matricula"));
  if (config.production)
    spdlog::set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l","msg":"%v"})");
  else
    spdlog::set_pattern("%H:%M:%S.%e %^%l%$ %v");
}

// Every connection is a file descriptor: allow as many as the system lets us.
void raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

http::TrustedProxies trusted_proxies(const config::Config& c) {
  try {
    return http::TrustedProxies(c.trusted_proxies);
  } catch (const std::invalid_argument& e) {
    throw config::ConfigError(std::string("MATRICULA_TRUSTED_PROXIES: expected addresses or networks like "
                                          "10.0.0.0/8, got '") + e.what() + "'");
  }
}

int serve(Wiring& w) {
  auto pending = w.pending_migrations();
  if (!pending.empty()) {
    std::string names;
    for (auto& n : pending) names += (names.empty() ? "" : ", ") + n;
    std::cerr << "matricula: the database has " << pending.size() << " pending migration(s): " << names
              << ". Run `matricula migrate` first.\n";
    return 1;
  }
  auto& c = w.config;
  raise_open_file_limit();
  sys::PeriodicTask housekeeping(std::chrono::minutes(10), [&w] {
    if (auto n = purge_expired_records(w.services)) spdlog::info("housekeeping: removed {} expired records", n);
  });
  mail::OutboxWorker worker(w.store, w.mail_transport(), w.clock, w.delivery_policy());
  http::Views views(c.resource_dir + "/templates");
  http::WebApp web(w.services, views,
                   http::SiteSettings{.site_url = c.site_url,
                                      .secure_cookies = c.secure_cookies(),
                                      .proxies = trusted_proxies(c),
                                      .allowed_hosts = c.allowed_hosts,
                                      .on_mail_queued = [&worker] { worker.wake(); }},
                   c.resource_dir + "/static");
  http::ServerOptions options;
  options.host = c.listen_host;
  options.port = c.listen_port;
  options.io_threads = c.io_threads;
  options.handler_threads = c.threads;
  options.max_connections = c.max_connections;
  options.body_limit = [limit = c.max_body_bytes](const std::string&, const std::string&) { return limit; };
  http::Server server(
      options, [&web](http::Request& r) { return web.handle(r); },
      [&web](int status) { return web.error_page(status); });
  spdlog::info("matricula serving on http://{}:{} ({} mode, site {})", c.listen_host, server.port(),
               c.production ? "production" : "development", c.site_url);
  std::cout << "listening on " << c.listen_host << ":" << server.port() << std::endl;
  server.run();
  worker.stop();
  spdlog::info("matricula stopped");
  return 0;
}

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

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"matricula: accounts for learning platforms"};
  cli.require_subcommand(1);
  auto* serve_cmd = cli.add_subcommand("serve", "Serve the site (refuses to start with pending migrations)");
  auto* migrate_cmd = cli.add_subcommand("migrate", "Apply pending database migrations");
  std::string to;
  auto* test_mail_cmd = cli.add_subcommand("send-test-email", "Send a test message with the configured mail settings");
  test_mail_cmd->add_option("to", to, "Recipient address")->required();
  CLI11_PARSE(cli, argc, argv);

  config::Config config;
  try {
    auto env = config::gather_environment();
    config = config::load_config(env, MATRICULA_DEFAULT_RESOURCE_DIR);
    config::resolve_secret_key(config, env);
  } catch (const config::ConfigError& e) {
    std::cerr << "matricula: configuration error: " << e.what() << "\n";
    return 2;
  }
  setup_logging(config);
  try {
    Wiring wiring(config);
    if (*serve_cmd) return serve(wiring);
    if (*migrate_cmd) return migrate(wiring);
    if (*test_mail_cmd) return send_test_email(wiring, to);
  } catch (const config::ConfigError& e) {
    std::cerr << "matricula: configuration error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "matricula: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
