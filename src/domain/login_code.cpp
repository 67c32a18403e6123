#include "domain/login_code.hpp"

#include <cctype>

namespace matricula {

static_assert(LoginCode::alphabet.size() == 32, "one random byte modulo 32 is unbiased");

std::string LoginCode::from_random(const std::array<std::uint8_t, length>& bytes) {
  std::string code;
  code.reserve(length);
  for (auto b : bytes) code += alphabet[b % alphabet.size()];
  return code;
}

std::optional<std::string> LoginCode::normalise(std::string_view typed) {
  std::string code;
  for (char c : typed) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (alphabet.find(upper) == std::string_view::npos) return std::nullopt;
    code += upper;
    if (code.size() > length) return std::nullopt;
  }
  if (code.size() != length) return std::nullopt;
  return code;
}

std::string LoginCode::display(std::string_view code) {
  return std::string(code.substr(0, 4)) + "-" + std::string(code.substr(4));
}

}  // namespace matricula
