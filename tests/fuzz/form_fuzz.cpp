// application/x-www-form-urlencoded bodies and query strings: parse_urlencoded, percent_decode, url_encode.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "http/form.hpp"

using namespace matricula::http;

namespace {

bool unreserved_or_escape(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == '~' || c == '%';
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);

  for (bool plus_is_space : {false, true})
    if (auto decoded = percent_decode(input, plus_is_space)) FUZZ_CHECK(decoded->size() <= input.size());

  // Encoding then decoding gives the input back, in both decoding modes.
  auto encoded = url_encode(input);
  for (char c : encoded) FUZZ_CHECK(unreserved_or_escape(c));
  auto back = percent_decode(encoded, false);
  FUZZ_CHECK(back && *back == input);
  auto back_form = percent_decode(encoded, true);
  FUZZ_CHECK(back_form && *back_form == input);

  FUZZ_CHECK(parse_urlencoded(input, 0).value_or(Form{}).empty());
  auto form = parse_urlencoded(input);
  if (!form) return 0;
  FUZZ_CHECK(form->size() <= 100);
  // A parsed form, encoded again, parses to the same form.
  std::string body;
  for (auto& [name, value] : *form) {
    if (!body.empty()) body += '&';
    body += url_encode(name) + "=" + url_encode(value);
  }
  auto again = parse_urlencoded(body);
  FUZZ_CHECK(again && *again == *form);
  for (auto& [name, value] : *form) FUZZ_CHECK(field(*form, name) == value);
  return 0;
}
