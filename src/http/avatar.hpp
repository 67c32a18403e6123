#pragma once
#include <string>

#include "domain/user.hpp"

namespace matricula::http {

// A round SVG with the person's initials, as a data: URI (allowed by the CSP's img-src).
std::string initials_avatar(const User& user, int size);
// Where the user's picture is shown from: its small (96 px) or large (512 px) square, or
// initials at the given size in CSS pixels when there is no picture. Only URL-safe
// characters (names are base64url, avatars percent-encoded): templates print it unescaped.
std::string picture_url(const User& user, bool large, int size);

}  // namespace matricula::http
