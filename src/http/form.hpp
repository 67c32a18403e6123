#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace matricula::http {

// application/x-www-form-urlencoded (also a query string). The first value of a repeated
// name wins. nullopt for input that is not a form (bad escapes, too many fields).
using Form = std::map<std::string, std::string>;
std::optional<Form> parse_urlencoded(std::string_view body, std::size_t max_fields = 100);

// Percent-decoding; `plus_is_space` for form bodies. nullopt on a bad escape.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);
std::string url_encode(std::string_view text);
std::string field(const Form& form, const std::string& name);

}  // namespace matricula::http
