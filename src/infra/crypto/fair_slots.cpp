#include "infra/crypto/fair_slots.hpp"

namespace matricula::crypto {

void FairSlots::acquire() {
  std::unique_lock lock(mutex_);
  if (free_ > 0 && queue_.empty()) {
    --free_;
    return;
  }
  Waiter me;
  queue_.push_back(&me);
  me.woken.wait(lock, [&] { return me.granted; });
}

void FairSlots::release() {
  std::lock_guard lock(mutex_);
  if (queue_.empty()) {
    ++free_;
    return;
  }
  Waiter* next = queue_.front();
  queue_.pop_front();
  next->granted = true;
  next->woken.notify_one();  // under the lock: once it sees `granted`, `next` may be gone
}

std::size_t FairSlots::waiting() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

}  // namespace matricula::crypto
