#pragma once
#include <string>

#include "app/services.hpp"
#include "domain/result.hpp"

namespace matricula {

// Consumes a verification link's token (single use, until it expires) and marks the
// address verified.
Result<User> verify_email(Services& s, const std::string& token);

// Queues a fresh link when the address belongs to an active, unverified account.
// Answers the same for every well-formed address.
Status resend_verification(Services& s, const std::string& email);

}  // namespace matricula
