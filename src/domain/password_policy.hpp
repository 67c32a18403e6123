#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"

namespace matricula {

// 8 to 128 characters of anything (NFKC), not containing the person's address or name,
// and not easy to guess by zxcvbn's estimate. No composition rules (NIST SP 800-63B).
class PasswordPolicy {
 public:
  static constexpr std::size_t min_length = 8;
  static constexpr std::size_t max_length = 128;

  // The normalised password on success; field "password" on failure.
  static Result<std::string> check(std::string_view password, const std::vector<std::string>& personal_words);
  // Normalisation applied to every password before hashing or verifying.
  static std::string normalise(std::string_view password);
};

}  // namespace matricula
