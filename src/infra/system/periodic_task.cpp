#include "infra/system/periodic_task.hpp"

#include "log/log.hpp"

namespace matricula::sys {

PeriodicTask::PeriodicTask(std::chrono::milliseconds interval, std::function<void()> task)
    : interval_(interval), task_(std::move(task)), thread_([this] {
        std::unique_lock lock(mutex_);
        while (!cv_.wait_for(lock, interval_, [this] { return stopping_; })) {
          lock.unlock();
          try {
            task_();
          } catch (const std::exception& e) {
            log::error("periodic task failed", {{"error", e.what()}});
          }
          lock.lock();
        }
      }) {}

PeriodicTask::~PeriodicTask() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

}  // namespace matricula::sys
