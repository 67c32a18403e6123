#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace matricula::config {

struct Url {
  std::string scheme, username, password, host, port, path;
};

// scheme://[user[:password]@]host[:port][/path]; user and password percent-decoded.
std::optional<Url> parse_url(std::string_view text);
std::string percent_decode(std::string_view text);

}  // namespace matricula::config
