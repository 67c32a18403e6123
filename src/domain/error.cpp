#include "domain/error.hpp"

namespace matricula {

const char* to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_input: return "invalid_input";
    case ErrorCode::invalid_credentials: return "invalid_credentials";
    case ErrorCode::email_not_verified: return "email_not_verified";
    case ErrorCode::account_inactive: return "account_inactive";
    case ErrorCode::invalid_token: return "invalid_token";
    case ErrorCode::invalid_code: return "invalid_code";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::conflict: return "conflict";
    case ErrorCode::rate_limited: return "rate_limited";
  }
  return "unknown";
}

}  // namespace matricula
