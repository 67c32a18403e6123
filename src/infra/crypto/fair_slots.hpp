#pragma once
// At most `count` holders at once; the others wait in arrival order, and a freed place passes
// straight to the one that has waited longest.
//
// Replaces std::counting_semaphore for the hash slots: libstdc++ 12's release wakes every
// waiter, so with 16 handler threads queued for 2 slots, 14 spun and yielded each time a hash
// ended (over 5 000 involuntary context switches a second); and the one that won was anyone,
// so a sign-in could wait 6 times the median (docs/performance.md).
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>

namespace matricula::crypto {

class FairSlots {
 public:
  explicit FairSlots(int count) : free_(count) {}
  FairSlots(const FairSlots&) = delete;
  FairSlots& operator=(const FairSlots&) = delete;

  void acquire();
  void release();
  // Threads waiting for a slot right now.
  std::size_t waiting() const;

 private:
  struct Waiter {
    std::condition_variable woken;
    bool granted = false;
  };
  mutable std::mutex mutex_;
  int free_;
  std::deque<Waiter*> queue_;  // oldest first; each lives on its waiting thread's stack
};

}  // namespace matricula::crypto
