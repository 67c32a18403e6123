#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace matricula {

// How guessable a password is, estimated by zxcvbn (the Dropbox estimator: common
// passwords and words, names, keyboard patterns, sequences, repeats and dates).
struct PasswordStrength {
  double guesses_log2 = 0;
  // Why it is weak, in plain words; nullopt when it is strong enough.
  std::optional<std::string> weakness;
};

// Strong enough means zxcvbn score 2 or more: about a million guesses (2^20) or more.
PasswordStrength estimate_password_strength(std::string_view password, const std::vector<std::string>& personal_words);

}  // namespace matricula
