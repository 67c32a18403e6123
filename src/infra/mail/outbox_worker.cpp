#include "infra/mail/outbox_worker.hpp"

#include "log/log.hpp"

namespace matricula::mail {

OutboxWorker::OutboxWorker(Outbox& outbox, std::unique_ptr<MailTransport> transport, const Clock& clock,
                           DeliveryPolicy policy, int poll_ms)
    : outbox_(outbox),
      transport_(std::move(transport)),
      clock_(clock),
      policy_(std::move(policy)),
      poll_ms_(poll_ms),
      thread_([this] { run(); }) {}

OutboxWorker::~OutboxWorker() { stop(); }

void OutboxWorker::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  cv_.notify_one();
}

void OutboxWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void OutboxWorker::run() {
  while (true) {
    {
      std::unique_lock lock(mutex_);
      cv_.wait_for(lock, std::chrono::milliseconds(poll_ms_), [this] { return woken_ || stopping_; });
      if (stopping_) return;
      woken_ = false;
    }
    try {
      // Keep going while full batches come back: a backlog drains without waiting.
      int sent;
      do {
        sent = deliver_due_mail(outbox_, *transport_, clock_, policy_);
        delivered_ += sent;
      } while (sent >= policy_.batch);
    } catch (const std::exception& e) {
      log::error("outbox worker failed", {{"error", e.what()}});
    }
  }
}

}  // namespace matricula::mail
