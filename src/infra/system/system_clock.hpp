#pragma once
#include <string>

#include "ports/clock.hpp"

namespace matricula::sys {

// Wall-clock time. For tests outside production, `offset_file` (if set) holds a number
// of seconds added to the time, read again whenever the file changes: the HTTP tests
// use it to move the server's clock forward past an expiry without sleeping.
class SystemClock final : public Clock {
 public:
  explicit SystemClock(std::string offset_file = {}) : offset_file_(std::move(offset_file)) {}
  Timestamp now() const override;

 private:
  std::string offset_file_;
};

}  // namespace matricula::sys
