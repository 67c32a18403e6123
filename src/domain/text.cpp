#include "domain/text.hpp"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

namespace matricula::text {
namespace {

std::optional<std::string> map(std::string_view input, int options) {
  utf8proc_uint8_t* out = nullptr;
  auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(input.data()),
                        static_cast<utf8proc_ssize_t>(input.size()), &out,
                        static_cast<utf8proc_option_t>(options));
  if (n < 0) return std::nullopt;
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(out, &std::free);
  return std::string(reinterpret_cast<char*>(out), static_cast<std::size_t>(n));
}

}  // namespace

std::optional<std::string> nfkc(std::string_view input) {
  return map(input, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
}

std::optional<std::string> fold(std::string_view input) {
  return map(input, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD);
}

std::size_t code_points(std::string_view utf8) {
  std::size_t count = 0;
  for (unsigned char c : utf8) count += (c & 0xC0) != 0x80;
  return count;
}

std::string_view trim_view(std::string_view input) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; };
  while (!input.empty() && is_space(input.front())) input.remove_prefix(1);
  while (!input.empty() && is_space(input.back())) input.remove_suffix(1);
  return input;
}

std::string trim(std::string_view input) { return std::string(trim_view(input)); }

bool has_control_characters(std::string_view utf8) {
  for (unsigned char c : utf8)
    if (c < 0x20 || c == 0x7F) return true;
  return false;
}

}  // namespace matricula::text
