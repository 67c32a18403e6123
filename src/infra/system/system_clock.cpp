#include "infra/system/system_clock.hpp"

#include <chrono>
#include <fstream>

namespace matricula::sys {

Timestamp SystemClock::now() const {
  auto wall = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
  Timestamp offset = 0;
  if (!offset_file_.empty()) {
    std::ifstream in(offset_file_);
    in >> offset;
    if (!in) offset = 0;
  }
  return wall.count() + offset;
}

}  // namespace matricula::sys
