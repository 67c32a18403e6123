#pragma once
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace matricula {

// An e-mail address in its canonical form: trimmed, NFKC, lower case. Two spellings
// of one address are one account.
class Email {
 public:
  static Result<Email> parse(std::string_view input);
  const std::string& str() const { return value_; }
  std::string local_part() const { return value_.substr(0, value_.find('@')); }
  bool operator==(const Email&) const = default;

 private:
  explicit Email(std::string value) : value_(std::move(value)) {}
  std::string value_;
};

}  // namespace matricula
