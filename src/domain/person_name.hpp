#pragma once
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace matricula {

// A first or last name: required, at most 120 characters, no control characters.
Result<std::string> parse_person_name(std::string_view input, const std::string& field, const std::string& label);

}  // namespace matricula
