#pragma once
#include <string_view>

namespace matricula {

// True for passwords found at the top of public breach lists (case-folded input).
bool is_common_password(std::string_view folded_password);

}  // namespace matricula
