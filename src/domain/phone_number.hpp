#pragma once
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace matricula {

// The seed's rule: ^\+?1?\d{9,15}$ once spaces and dashes are removed.
class PhoneNumber {
 public:
  static Result<PhoneNumber> parse(std::string_view input);
  const std::string& str() const { return value_; }
  bool operator==(const PhoneNumber&) const = default;

 private:
  explicit PhoneNumber(std::string value) : value_(std::move(value)) {}
  std::string value_;
};

}  // namespace matricula
