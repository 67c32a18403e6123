#pragma once
// In-memory stand-ins for the ports, for tests of the use cases.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "ports/mail_transport.hpp"

namespace matricula::testing {

struct FakeClock : Clock {
  Timestamp current = 1'800'000'000;
  Timestamp now() const override { return current; }
  void advance(Timestamp seconds) { current += seconds; }
};

// Deterministic: each token is distinct; fill() yields 0, 1, 2, ... unless `next_bytes` is set.
struct FakeRandom : Random {
  int counter = 0;
  std::vector<std::uint8_t> next_bytes;
  void fill(std::span<std::uint8_t> out) override;
  std::string url_token(std::size_t bytes) override;
};

// Cheap and transparent, but keeps the contract: verify() is true only for the hashed password.
struct FakeHasher : PasswordHasher {
  std::string prefix = "fake1$";
  int hashes = 0, verifications = 0, dummy_verifications = 0;
  std::string hash(std::string_view password) override;
  bool verify(std::string_view stored_hash, std::string_view password) override;
  bool needs_rehash(std::string_view stored_hash) override;
  void verify_dummy(std::string_view password) override;
};

struct FakeDigest : SecretDigest {
  std::string digest(std::string_view secret) const override { return "hmac(" + std::string(secret) + ")"; }
};

// Records what it composed; the body carries every value so tests can read links and codes.
struct FakeComposer : MailComposer {
  std::vector<std::pair<std::string, std::map<std::string, std::string>>> composed;
  OutgoingMail compose(const std::string& name, const std::string& to,
                       const std::map<std::string, std::string>& values) override;
};

struct FakeTransport : MailTransport {
  std::vector<OutgoingMail> sent;
  std::vector<std::string> failures;  // consumed first: each entry fails one send
  std::string send(const OutgoingMail& mail, const std::string& from) override;
};

// Accepts bytes starting with "IMG" as a picture; anything else is refused.
struct FakeImages : ImageProcessor {
  Result<ProcessedImage> process(std::string_view bytes) override;
};

class MemoryStore;

// Services wired to fakes, with a memory store.
struct TestWorld {
  TestWorld();
  ~TestWorld();
  FakeClock clock;
  FakeRandom random;
  FakeHasher hasher;
  FakeDigest digest;
  FakeComposer composer;
  FakeImages images;
  std::unique_ptr<MemoryStore> memory;
  Services services;

  // Mails queued in the outbox, oldest first.
  std::vector<OutgoingMail> outbox() const;
  std::vector<std::string> mail_names() const;
};

}  // namespace matricula::testing
