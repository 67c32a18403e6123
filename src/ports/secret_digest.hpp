#pragma once
#include <string>
#include <string_view>

namespace matricula {

// A keyed digest (HMAC) of a secret: what the database keeps instead of tokens, codes
// and session ids, so a leaked table cannot be replayed.
struct SecretDigest {
  virtual ~SecretDigest() = default;
  virtual std::string digest(std::string_view secret) const = 0;  // lower-case hex
};

}  // namespace matricula
