#include "domain/password_policy.hpp"

#include "domain/password_strength.hpp"
#include "domain/text.hpp"

namespace matricula {

std::string PasswordPolicy::normalise(std::string_view password) {
  auto n = text::nfkc(password);
  return n ? *n : std::string(password);
}

Result<std::string> PasswordPolicy::check(std::string_view password, const std::vector<std::string>& personal_words) {
  auto normalised = text::nfkc(password);
  if (!normalised) return Error::field("password", "The password contains characters we cannot read.");
  auto length = text::code_points(*normalised);
  if (length < min_length) return Error::field("password", "Use at least 8 characters.");
  if (length > max_length) return Error::field("password", "Use at most 128 characters.");
  auto folded = text::fold(*normalised).value_or(*normalised);
  std::vector<std::string> folded_words;
  for (const auto& word : personal_words) {
    auto w = text::fold(text::trim(word)).value_or(word);
    if (w.size() >= 4 && folded.find(w) != std::string::npos)
      return Error::field("password", "Don't use your name or e-mail address in your password.");
    folded_words.push_back(std::move(w));
  }
  auto strength = estimate_password_strength(*normalised, folded_words);
  if (strength.weakness)
    return Error::field("password", "This password is too easy to guess: " + *strength.weakness +
                                        ". Add a few words that have nothing to do with you.");
  return std::move(*normalised);
}

}  // namespace matricula
