#pragma once
#include <map>
#include <string>
#include <utility>

namespace matricula {

// Stable codes: the JSON API exposes them and clients may depend on them.
enum class ErrorCode {
  invalid_input,       // one or more fields are invalid (see Error::fields)
  invalid_credentials, // wrong address or password, one answer for both
  email_not_verified,
  account_inactive,
  invalid_token,       // unknown, used or expired link
  invalid_code,        // wrong, burned or expired login code
  not_found,
  conflict,
  rate_limited,
};

const char* to_string(ErrorCode code);

struct Error {
  ErrorCode code;
  std::string message;                        // speaks to the person, never exposes internals
  std::map<std::string, std::string> fields;  // field name -> message, for forms
  long retry_after_seconds = 0;               // with rate_limited

  static Error field(std::string name, std::string message) {
    Error e{ErrorCode::invalid_input, "Please correct the errors below.", {}};
    e.fields.emplace(std::move(name), std::move(message));
    return e;
  }

  static Error rate_limited(long seconds) {
    auto minutes = (seconds + 59) / 60;
    auto wait = seconds < 60 ? std::to_string(seconds) + (seconds == 1 ? " second" : " seconds")
                             : std::to_string(minutes) + (minutes == 1 ? " minute" : " minutes");
    return Error{ErrorCode::rate_limited, "Too many attempts. Please wait " + wait + " and try again.", {}, seconds};
  }
};

// Gathers the field errors of several checks, so that a form reports all of them at once.
class FieldErrors {
 public:
  template <class... Results>
  void collect(const Results&... results) {
    (take(results), ...);
  }
  void add(std::string field, std::string message) { error_.fields.emplace(std::move(field), std::move(message)); }
  bool any() const { return !error_.fields.empty(); }
  const Error& error() const { return error_; }

 private:
  template <class R>
  void take(const R& result) {
    if (!result) error_.fields.insert(result.error().fields.begin(), result.error().fields.end());
  }
  Error error_{ErrorCode::invalid_input, "Please correct the errors below.", {}};
};

}  // namespace matricula
