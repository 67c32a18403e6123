#include <gtest/gtest.h>

#include "app/deliver_mail.hpp"
#include "fakes/fakes.hpp"
#include "fakes/memory_store.hpp"

using namespace matricula;
using namespace matricula::testing;

TEST(DeliverMail, SendsDueMessagesOnce) {
  TestWorld w;
  FakeTransport transport;
  w.memory->enqueue_mail({"a@example.com", "s1", "t", "h", "<1@x>"}, w.clock.now());
  w.memory->enqueue_mail({"b@example.com", "s2", "t", "h", "<2@x>"}, w.clock.now());
  EXPECT_EQ(deliver_due_mail(*w.memory, transport, w.clock, {}), 2);
  EXPECT_EQ(deliver_due_mail(*w.memory, transport, w.clock, {}), 0);
  ASSERT_EQ(transport.sent.size(), 2u);
  EXPECT_EQ(transport.sent[0].message_id, "<1@x>");
  EXPECT_EQ(w.memory->count_mail("sent"), 2u);
}

TEST(DeliverMail, RetriesWithGrowingDelaysThenGivesUp) {
  TestWorld w;
  FakeTransport transport;
  DeliveryPolicy policy;
  policy.first_retry_seconds = 5;
  policy.max_retry_seconds = 60;
  policy.max_attempts = 6;
  transport.failures = {"down", "down", "down", "down", "down", "down"};
  w.memory->enqueue_mail({"a@example.com", "s", "t", "h", "<1@x>"}, w.clock.now());
  std::vector<Timestamp> delays;
  for (int attempt = 1; attempt <= 5; ++attempt) {
    auto before = w.clock.now();
    deliver_due_mail(*w.memory, transport, w.clock, policy);
    auto next = w.memory->snapshot().mail[0].next_attempt_at;
    delays.push_back(next - before);
    EXPECT_EQ(deliver_due_mail(*w.memory, transport, w.clock, policy), 0);  // not due yet
    w.clock.current = next;
  }
  EXPECT_EQ(delays, (std::vector<Timestamp>{5, 10, 20, 40, 60}));
  deliver_due_mail(*w.memory, transport, w.clock, policy);
  EXPECT_EQ(w.memory->count_mail("failed"), 1u);
  EXPECT_EQ(w.memory->snapshot().mail[0].last_error, "down");
}

TEST(DeliverMail, RecoversWhenTheServerComesBack) {
  TestWorld w;
  FakeTransport transport;
  transport.failures = {"connection refused"};
  w.memory->enqueue_mail({"a@example.com", "s", "t", "h", "<1@x>"}, w.clock.now());
  EXPECT_EQ(deliver_due_mail(*w.memory, transport, w.clock, {}), 0);
  w.clock.advance(5);
  EXPECT_EQ(deliver_due_mail(*w.memory, transport, w.clock, {}), 1);
  EXPECT_EQ(transport.sent.at(0).message_id, "<1@x>");  // same Message-ID on the retry
}
