#include <sys/resource.h>

#include <iostream>

#include "app/housekeeping.hpp"
#include "cli/commands.hpp"
#include "http/server.hpp"
#include "http/views.hpp"
#include "http/web_app.hpp"
#include "infra/mail/outbox_worker.hpp"
#include "infra/system/periodic_task.hpp"
#include "log/log.hpp"

namespace matricula::cli {
namespace {

// Every connection is a file descriptor: allow as many as the system lets us.
void raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

http::NetworkList network_list(const std::string& variable, const std::vector<std::string>& entries) {
  try {
    return http::NetworkList(entries);
  } catch (const std::invalid_argument& e) {
    throw config::ConfigError(variable + ": expected addresses or networks like 10.0.0.0/8, got '" + e.what() + "'");
  }
}

bool refuse_pending_migrations(Wiring& w) {
  auto pending = w.pending_migrations();
  if (pending.empty()) return false;
  std::string names;
  for (auto& n : pending) names += (names.empty() ? "" : ", ") + n;
  std::cerr << "matricula: the database has " << pending.size() << " pending migration(s): " << names
            << ". Run `matricula migrate` first.\n";
  return true;
}

}  // namespace

std::unique_ptr<sys::PeriodicTask> start_housekeeping(Wiring& w) {
  return std::make_unique<sys::PeriodicTask>(std::chrono::minutes(10), [&w] {
    if (auto n = purge_expired_records(w.services)) log::info("housekeeping", {{"removed", static_cast<long>(n)}});
  });
}

int serve(Wiring& w) {
  if (refuse_pending_migrations(w)) return 1;
  auto& c = w.config;
  raise_open_file_limit();
  auto housekeeping = start_housekeeping(w);
  w.cache_sessions();
  sys::PeriodicTask checkpoints(std::chrono::seconds(1), [&w] { w.store.checkpoint(); });
  std::unique_ptr<mail::OutboxWorker> outbox;
  if (c.outbox_worker)
    outbox = std::make_unique<mail::OutboxWorker>(w.store, w.mail_transport(), w.clock, w.delivery_policy());

  http::Metrics metrics;
  http::Views views(c.resource_dir + "/templates");
  http::WebApp web(w.services, views, metrics,
                   http::SiteSettings{.site_url = c.site_url,
                                      .secure_cookies = c.secure_cookies(),
                                      .proxies = network_list("MATRICULA_TRUSTED_PROXIES", c.trusted_proxies),
                                      .metrics_allow = network_list("MATRICULA_METRICS_ALLOW", c.metrics_allow),
                                      .readiness = [&w] { return w.readiness_problem(); },
                                      .allowed_hosts = c.allowed_hosts,
                                      .on_mail_queued = [&outbox] {
                                        if (outbox) outbox->wake();
                                      }},
                   c.resource_dir + "/static");
  http::ServerOptions options;
  options.host = c.listen_host;
  options.port = c.listen_port;
  options.io_threads = c.io_threads;
  options.handler_threads = c.threads;
  options.max_connections = c.max_connections;
  options.body_limit = [&c](const std::string& method, const std::string& path) {
    return method == "POST" && path == "/account/profile/picture/" ? c.max_upload_bytes + 64 * 1024 : c.max_body_bytes;
  };
  http::Server server(
      options, [&web](http::Request& r) { return web.handle(r); },
      [&web](int status) { return web.error_page(status); });

  metrics.gauge("matricula_handler_queue_depth", "Requests waiting for or running on a handler thread.",
                [&server] { return server.queued(); });
  metrics.gauge("matricula_hash_queue_depth", "Password hashes waiting for a free slot.",
                [&w] { return w.hasher.waiting(); });
  if (outbox)
    metrics.gauge("matricula_outbox_delivered_here", "Mail messages this instance's worker has sent since it started.",
                  [&outbox] { return static_cast<double>(outbox->delivered()); });
  if (auto& cache = w.session_cache) {
    metrics.gauge("matricula_session_cache_hits_total", "Page views whose session came from memory.",
                  [&cache] { return static_cast<double>(cache->stats().hits); });
    metrics.gauge("matricula_session_cache_misses_total", "Session lookups that went to the database.",
                  [&cache] { return static_cast<double>(cache->stats().misses); });
    metrics.gauge("matricula_session_cache_entries", "Sessions kept in memory.",
                  [&cache] { return static_cast<double>(cache->stats().entries); });
    metrics.gauge("matricula_session_cache_on", "1 while the session cache is in step with the database.",
                  [&cache] { return cache->is_on() ? 1.0 : 0.0; });
  }
  for (auto status : {"pending", "sent", "failed"})
    metrics.gauge(std::string("matricula_outbox_") + status, std::string("Mail messages ") + status + " in the outbox.",
                  [&w, status] { return static_cast<double>(w.store.count_mail(status)); });

  log::info("serving", {{"address", c.listen_host + ":" + std::to_string(server.port())},
                        {"mode", c.production ? "production" : "development"},
                        {"site", c.site_url},
                        {"outbox_worker", c.outbox_worker}});
  std::cout << "listening on " << c.listen_host << ":" << server.port() << std::endl;
  server.run();
  if (outbox) outbox->stop();
  log::info("stopped");
  return 0;
}

}  // namespace matricula::cli
