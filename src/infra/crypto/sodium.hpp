#pragma once
// libsodium implementations of the crypto ports.
#include <sodium.h>

#include <string>

#include "infra/crypto/argon2_memory.hpp"
#include "infra/crypto/fair_slots.hpp"
#include "ports/password_hasher.hpp"
#include "ports/random.hpp"
#include "ports/secret_digest.hpp"

namespace matricula::crypto {

// Call once before any other libsodium use; throws if the library cannot start.
void init_sodium();

struct Argon2Params {
  unsigned long long ops = 2;               // t
  std::size_t memory = 19u * 1024u * 1024u;  // m = 19 MiB (OWASP minimum for argon2id)
};

// argon2id. At most `concurrency` hashes run at once: each takes ~19 MiB and a core.
class Argon2Hasher final : public PasswordHasher {
 public:
  explicit Argon2Hasher(Argon2Params params = {}, int concurrency = 0);
  std::string hash(std::string_view password) override;
  bool verify(std::string_view stored_hash, std::string_view password) override;
  bool needs_rehash(std::string_view stored_hash) override;
  void verify_dummy(std::string_view password) override;
  // Hashes waiting for a free slot right now (a gauge for /metrics).
  int waiting() const { return static_cast<int>(slots_.waiting()); }
  // Working memory areas kept between hashes (at most `concurrency`).
  std::size_t memory_areas() const { return memory_.areas_made(); }

 private:
  class Slot;
  Argon2Params params_;
  Argon2Memory memory_;
  FairSlots slots_;  // one per concurrent hash, handed out in arrival order
  std::string dummy_hash_;
};

class SodiumRandom final : public Random {
 public:
  void fill(std::span<std::uint8_t> out) override;
  std::string url_token(std::size_t bytes) override;
};

// HMAC-SHA-256 keyed with SHA-256(secret key).
class HmacDigest final : public SecretDigest {
 public:
  explicit HmacDigest(std::string_view secret_key);
  std::string digest(std::string_view secret) const override;

 private:
  crypto_auth_hmacsha256_state keyed_;  // HMAC state after the key, copied for each digest
};

}  // namespace matricula::crypto
