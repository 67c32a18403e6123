#pragma once
#include <cstddef>

#include "app/services.hpp"

namespace matricula {

// Deletes expired sessions, tokens, codes and rate-limit counters; returns how many.
std::size_t purge_expired_records(Services& s);

}  // namespace matricula
