#pragma once
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "app/deliver_mail.hpp"

namespace matricula::mail {

// Delivers the outbox in the background: a batch every `poll_ms`, or at once after wake().
class OutboxWorker {
 public:
  OutboxWorker(Outbox& outbox, std::unique_ptr<MailTransport> transport, const Clock& clock, DeliveryPolicy policy,
               int poll_ms = 1000);
  ~OutboxWorker();
  void wake();
  void stop();
  // Messages this worker has handed to the mail server since it started.
  long delivered() const { return delivered_.load(); }

 private:
  void run();

  Outbox& outbox_;
  std::unique_ptr<MailTransport> transport_;
  const Clock& clock_;
  DeliveryPolicy policy_;
  int poll_ms_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool woken_ = false;
  bool stopping_ = false;
  std::atomic<long> delivered_{0};
  std::thread thread_;
};

}  // namespace matricula::mail
