// The .env file (parse_dotenv) and the URLs configured in it (parse_url, percent_decode).
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "config/dotenv.hpp"
#include "config/url.hpp"
#include "fuzz_check.hpp"

using namespace matricula::config;

namespace {

bool valid_key(const std::string& key) {
  if (key.empty() || std::isdigit(static_cast<unsigned char>(key.front()))) return false;
  for (unsigned char c : key)
    if (!std::isalnum(c) && c != '_') return false;
  return true;
}

void check_url(std::string_view text) {
  FUZZ_CHECK(percent_decode(text).size() <= text.size());
  auto url = parse_url(text);
  if (!url) return;
  FUZZ_CHECK(!url->scheme.empty());
  for (unsigned char c : url->port) FUZZ_CHECK(std::isdigit(c));
  FUZZ_CHECK(url->path.empty() || url->path.front() == '/');
  FUZZ_CHECK(url->host.find('/') == std::string::npos);
}

// A value written back double-quoted, escaping what parse_dotenv unescapes.
std::string quote(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  check_url(text);
  auto values = parse_dotenv(text);
  std::string rewritten;
  for (auto& [key, value] : values) {
    FUZZ_CHECK(valid_key(key));
    check_url(value);
    rewritten += key + "=" + quote(value) + "\n";
  }
  // The values, written out again quoted, read back the same.
  FUZZ_CHECK(parse_dotenv(rewritten) == values);
  return 0;
}
