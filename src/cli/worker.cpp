#include <csignal>
#include <iostream>

#include "cli/commands.hpp"
#include "infra/mail/outbox_worker.hpp"
#include "infra/system/periodic_task.hpp"
#include "log/log.hpp"

namespace matricula::cli {

std::unique_ptr<sys::PeriodicTask> start_housekeeping(Wiring& w);

// The outbox (and housekeeping) as a process of its own, for instances started with
// MATRICULA_OUTBOX_WORKER=0. Several may run: each leases its own messages.
int worker(Wiring& w) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts, so only sigwait sees them

  auto housekeeping = start_housekeeping(w);
  sys::PeriodicTask checkpoints(std::chrono::seconds(1), [&w] { w.store.checkpoint(); });
  mail::OutboxWorker outbox(w.store, w.mail_transport(), w.clock, w.delivery_policy(), 500);
  log::info("outbox worker running");
  std::cout << "worker running" << std::endl;
  int received = 0;
  sigwait(&signals, &received);
  outbox.stop();
  log::info("outbox worker stopped", {{"signal", received}});
  return 0;
}

}  // namespace matricula::cli
