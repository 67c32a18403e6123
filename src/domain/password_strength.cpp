#include "domain/password_strength.hpp"

#include <zxcvbn.h>

#include <memory>

namespace matricula {
namespace {

constexpr double kMinimumGuessesLog2 = 19.93;  // log2(10^6): zxcvbn score 2

std::string describe(ZxcTypeMatch_t type) {
  switch (static_cast<int>(type) & ~MULTIPLE_MATCH) {
    case USER_MATCH:
    case USER_LEET_MATCH: return "it contains your name or e-mail address";
    case DICTIONARY_MATCH:
    case DICT_LEET_MATCH: return "it is a common password or built from common words";
    case REPEATS_MATCH:
    case SEQUENCE_MATCH:
    case SPATIAL_MATCH: return "it is a simple pattern, like abcd, 1111 or qwerty";
    case DATE_MATCH:
    case YEAR_MATCH: return "it relies on a date or year";
    default: return "it is too short or too predictable";
  }
}

}  // namespace

PasswordStrength estimate_password_strength(std::string_view password, const std::vector<std::string>& personal_words) {
  std::vector<const char*> dictionary;
  for (auto& word : personal_words)
    if (!word.empty()) dictionary.push_back(word.c_str());
  dictionary.push_back(nullptr);
  std::string terminated(password);
  ZxcMatch_t* info = nullptr;
  PasswordStrength strength;
  strength.guesses_log2 = ZxcvbnMatch(terminated.c_str(), dictionary.data(), &info);
  std::unique_ptr<ZxcMatch_t, decltype(&ZxcvbnFreeInfo)> owner(info, &ZxcvbnFreeInfo);
  if (strength.guesses_log2 >= kMinimumGuessesLog2) return strength;
  // Name the part of the password that costs the fewest guesses per character.
  const ZxcMatch_t* weakest = nullptr;
  for (auto* m = info; m; m = m->Next)
    if (m->Type != BRUTE_MATCH && m->Length > 0 &&
        (!weakest || m->Entrpy / m->Length < weakest->Entrpy / weakest->Length))
      weakest = m;
  strength.weakness = describe(weakest ? weakest->Type : BRUTE_MATCH);
  return strength;
}

}  // namespace matricula
