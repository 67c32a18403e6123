#pragma once
#include <string>

#include "domain/user.hpp"

namespace matricula::http {

// A round SVG with the person's initials, as a data: URI (allowed by the CSP's img-src).
std::string initials_avatar(const User& user, int size);

}  // namespace matricula::http
