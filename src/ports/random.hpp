#pragma once
#include <cstdint>
#include <span>
#include <string>

namespace matricula {

struct Random {
  virtual ~Random() = default;
  virtual void fill(std::span<std::uint8_t> out) = 0;
  // `bytes` random bytes as unpadded base64url: safe in URLs and cookies.
  virtual std::string url_token(std::size_t bytes = 32) = 0;
};

}  // namespace matricula
