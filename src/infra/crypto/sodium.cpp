#include "infra/crypto/sodium.hpp"

#include <sodium.h>

#include <stdexcept>
#include <thread>
#include <vector>

namespace matricula::crypto {
namespace {

int default_concurrency() {
  auto n = static_cast<int>(std::thread::hardware_concurrency());
  return n > 0 ? n : 2;
}

}  // namespace

// One of the `concurrency` hashes that may run at once, with its working memory.
class Argon2Hasher::Slot {
 public:
  explicit Slot(Argon2Hasher& h) : turn_(h), loan_(h.memory_) {}

 private:
  struct Turn {  // a place among the hashes running at once; waits for one if need be
    Argon2Hasher& h;
    explicit Turn(Argon2Hasher& hasher) : h(hasher) { h.slots_.acquire(); }
    ~Turn() { h.slots_.release(); }
  };
  Turn turn_;                 // taken first, given back last
  Argon2Memory::Loan loan_;  // at most one per turn: areas never outnumber the turns
};

namespace {

std::string hash_string(std::string_view password, const Argon2Params& params) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), params.ops, params.memory,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("argon2id: out of memory");
  return out;
}

}  // namespace

void init_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

Argon2Hasher::Argon2Hasher(Argon2Params params, int concurrency)
    : params_(params), slots_(concurrency > 0 ? concurrency : default_concurrency()) {
  init_sodium();
  // Made outside a slot: no working memory is kept for it, so an idle server stays small.
  dummy_hash_ = hash_string("matricula dummy password for unknown accounts", params_);
}

std::string Argon2Hasher::hash(std::string_view password) {
  Slot slot(*this);
  return hash_string(password, params_);
}

bool Argon2Hasher::verify(std::string_view stored_hash, std::string_view password) {
  if (stored_hash.size() >= crypto_pwhash_STRBYTES) return false;
  std::string terminated(stored_hash);
  Slot slot(*this);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool Argon2Hasher::needs_rehash(std::string_view stored_hash) {
  std::string terminated(stored_hash);
  return crypto_pwhash_str_needs_rehash(terminated.c_str(), params_.ops, params_.memory) != 0;
}

void Argon2Hasher::verify_dummy(std::string_view password) { (void)verify(dummy_hash_, password); }

void SodiumRandom::fill(std::span<std::uint8_t> out) { randombytes_buf(out.data(), out.size()); }

std::string SodiumRandom::url_token(std::size_t bytes) {
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

HmacDigest::HmacDigest(std::string_view secret_key) {
  init_sodium();
  unsigned char key[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(key, reinterpret_cast<const unsigned char*>(secret_key.data()), secret_key.size());
  crypto_auth_hmacsha256_init(&keyed_, key, sizeof key);
  sodium_memzero(key, sizeof key);
}

std::string HmacDigest::digest(std::string_view secret) const {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  auto state = keyed_;  // the key's two pads are hashed once, in the constructor
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  crypto_auth_hmacsha256_final(&state, mac);
  char hex[2 * sizeof mac + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return hex;
}

}  // namespace matricula::crypto
