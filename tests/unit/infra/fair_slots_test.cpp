#include "infra/crypto/fair_slots.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using matricula::crypto::FairSlots;
using namespace std::chrono_literals;

namespace {

// Waits until `slots` has `n` waiters (each thread queues itself before this returns).
void until_waiting(const FairSlots& slots, std::size_t n) {
  for (int i = 0; i < 2000 && slots.waiting() != n; ++i) std::this_thread::sleep_for(1ms);
  ASSERT_EQ(slots.waiting(), n);
}

}  // namespace

TEST(FairSlots, NeverMoreHoldersThanSlots) {
  FairSlots slots(2);
  std::atomic<int> inside{0}, most{0};
  std::vector<std::jthread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        slots.acquire();
        int now = ++inside;
        for (int seen = most.load(); now > seen && !most.compare_exchange_weak(seen, now);) {
        }
        std::this_thread::yield();
        --inside;
        slots.release();
      }
    });
  threads.clear();
  EXPECT_EQ(most.load(), 2);
  EXPECT_EQ(slots.waiting(), 0u);
}

TEST(FairSlots, AFreedSlotGoesToTheLongestWaiter) {
  FairSlots slots(1);
  slots.acquire();
  std::mutex m;
  std::vector<int> order;
  std::vector<std::jthread> threads;
  for (int t = 0; t < 5; ++t) {
    threads.emplace_back([&, t] {
      slots.acquire();
      {
        std::lock_guard lock(m);
        order.push_back(t);
      }
      slots.release();
    });
    until_waiting(slots, static_cast<std::size_t>(t) + 1);  // queued one after the other
  }
  slots.release();
  threads.clear();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(FairSlots, WhoReleasesCannotTakeTheSlotBackFromAWaiter) {
  FairSlots slots(1);
  slots.acquire();
  std::mutex m;
  std::vector<std::string> order;
  auto record = [&](const char* who) {
    std::lock_guard lock(m);
    order.push_back(who);
  };
  std::jthread waiter([&] {
    slots.acquire();
    record("waiter");
    slots.release();
  });
  until_waiting(slots, 1);
  slots.release();
  slots.acquire();  // at once, before the waiter has woken: behind it all the same
  record("again");
  slots.release();
  waiter.join();
  EXPECT_EQ(order, (std::vector<std::string>{"waiter", "again"}));
}
