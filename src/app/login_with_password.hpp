#pragma once
#include <string>

#include "app/services.hpp"
#include "domain/result.hpp"

namespace matricula {

// Checks an address and password. One answer (invalid_credentials) for an unknown
// address and a wrong password, in the same time; an unverified address is refused
// with email_not_verified once the password is right.
// Rate limits: sign-ins per client IP, failed sign-ins per IP and per account. Only the
// password is refused past the per-account limit: a code sent by mail still works.
Result<User> login_with_password(Services& s, const std::string& email, const std::string& password,
                                 const std::string& client_ip);

}  // namespace matricula
