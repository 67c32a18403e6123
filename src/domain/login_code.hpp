#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace matricula {

// A one-time sign-in code: 8 characters from 32 that cannot be confused with each
// other (no 0/O, 1/I), 40 bits, shown as XXXX-XXXX.
struct LoginCode {
  static constexpr std::string_view alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  static constexpr std::size_t length = 8;
  static constexpr int max_attempts = 3;
  static constexpr std::int64_t lifetime_seconds = 5 * 60;

  // Builds a code from random bytes, one byte per character (256 is a multiple of 32: no bias).
  static std::string from_random(const std::array<std::uint8_t, length>& bytes);
  // Canonical form of what a person typed: case, spaces and dashes ignored; nullopt if it cannot be a code.
  static std::optional<std::string> normalise(std::string_view typed);
  static std::string display(std::string_view code);
};

}  // namespace matricula
