#pragma once
#include <string>

#include "app/services.hpp"
#include "domain/result.hpp"

namespace matricula {

// Creates a verification token for `user` and queues the mail carrying its link.
// Call inside the transaction that caused it.
void queue_verification_mail(Services& s, const User& user);

std::string verification_token_digest(Services& s, const std::string& token);

}  // namespace matricula
