#pragma once
#include <string>

#include "app/services.hpp"

namespace matricula {

// Rate limits over a sliding window, estimated from two fixed windows (the current one
// and the previous one, weighted by how much of it still overlaps): cheap, shared by
// every instance through the database, and without the double burst of fixed windows.
// Each returns 0 when the event is within the rule, else the seconds to wait.

// Counts the event, then judges it.
long throttle_hit(Services& s, const std::string& key, const RateRule& rule);
// Judges without counting (for rules that count only failures).
long throttle_check(Services& s, const std::string& key, const RateRule& rule);

}  // namespace matricula
