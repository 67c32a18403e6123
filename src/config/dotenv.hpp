#pragma once
#include <map>
#include <string>
#include <string_view>

namespace matricula::config {

// Parses a .env file: KEY=VALUE lines, `#` comments, optional `export `, values in
// single quotes (literal) or double quotes (\n, \", \\ escapes). Malformed lines are skipped.
std::map<std::string, std::string> parse_dotenv(std::string_view text);

}  // namespace matricula::config
