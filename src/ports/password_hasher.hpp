#pragma once
#include <string>
#include <string_view>

namespace matricula {

struct PasswordHasher {
  virtual ~PasswordHasher() = default;
  virtual std::string hash(std::string_view password) = 0;
  virtual bool verify(std::string_view stored_hash, std::string_view password) = 0;
  // True when the hash was made with weaker parameters than today's.
  virtual bool needs_rehash(std::string_view stored_hash) = 0;
  // Spends the time of one verification; used for unknown accounts so timing reveals nothing.
  virtual void verify_dummy(std::string_view password) = 0;
};

}  // namespace matricula
