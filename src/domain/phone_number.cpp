#include "domain/phone_number.hpp"

#include <regex>

namespace matricula {

Result<PhoneNumber> PhoneNumber::parse(std::string_view input) {
  std::string compact;
  for (char c : input)
    if (c != ' ' && c != '-' && c != '\t') compact += c;
  if (compact.empty()) return Error::field("phone_number", "Enter your phone number.");
  static const std::regex rule(R"(^\+?1?\d{9,15}$)");
  if (compact.size() > 17 || !std::regex_match(compact, rule))
    return Error::field("phone_number",
                        "Enter a phone number of 9 to 15 digits, optionally starting with +, like +14155550123.");
  return PhoneNumber(std::move(compact));
}

}  // namespace matricula
