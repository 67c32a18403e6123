// multipart/form-data bodies: parse_multipart. The first line of the input is taken as the
// Content-Type header, the rest as the body.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "http/multipart.hpp"

using namespace matricula::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  auto content_type = input.substr(0, newline);
  auto body = input.substr(newline + 1);
  auto parts = parse_multipart(body, content_type, 20);
  if (!parts) return 0;
  FUZZ_CHECK(parts->size() <= 20);
  for (auto& part : *parts) {
    // Every part's data lies inside the body: nothing is read from elsewhere.
    FUZZ_CHECK(part.data.data() >= body.data());
    FUZZ_CHECK(part.data.data() + part.data.size() <= body.data() + body.size());
    FUZZ_CHECK(part.name.find('"') == std::string_view::npos);
  }
  return 0;
}
