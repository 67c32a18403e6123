#pragma once
#include <string>

#include "app/services.hpp"
#include "domain/result.hpp"

namespace matricula {

// Queues a login code for an active account; the answer is the same whether or not
// the address is known. A new code replaces the previous one.
// The keyed digest stored for a code, bound to its account.
std::string login_code_digest(Services& s, UserId user, const std::string& code);

Status request_login_code(Services& s, const std::string& email, const std::string& client_ip);

// Signs in with a code: case, spaces and the dash ignored; a wrong try counts
// against the code, which burns after LoginCode::max_attempts. Receiving the code
// proves the address, so it is marked verified.
Result<User> redeem_login_code(Services& s, const std::string& email, const std::string& typed_code,
                               const std::string& client_ip);

}  // namespace matricula
