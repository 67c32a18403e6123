#pragma once
// Unicode helpers shared by the value types (utf8proc behind them).
#include <optional>
#include <string>
#include <string_view>

namespace matricula::text {

// NFKC-normalised form, or nullopt when the input is not valid UTF-8.
std::optional<std::string> nfkc(std::string_view input);
// NFKC with case folding: the form used to compare addresses and passwords with names.
std::optional<std::string> fold(std::string_view input);
std::size_t code_points(std::string_view utf8);
std::string trim(std::string_view input);
// The same, as a view into the input.
std::string_view trim_view(std::string_view input);
bool has_control_characters(std::string_view utf8);

}  // namespace matricula::text
