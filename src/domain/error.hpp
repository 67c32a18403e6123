#pragma once
#include <map>
#include <string>

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

}  // namespace matricula
