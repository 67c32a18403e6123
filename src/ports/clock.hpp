#pragma once
#include "domain/user.hpp"

namespace matricula {

struct Clock {
  virtual ~Clock() = default;
  virtual Timestamp now() const = 0;
};

}  // namespace matricula
