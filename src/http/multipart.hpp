#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace matricula::http {

struct MultipartPart {
  std::string name;
  std::string filename;      // empty for ordinary fields
  std::string content_type;  // as the client claims it: never trusted for files
  std::string_view data;     // points into the body
};

// multipart/form-data (RFC 7578). `content_type` is the request's Content-Type header,
// which carries the boundary. nullopt for anything malformed or with too many parts.
std::optional<std::vector<MultipartPart>> parse_multipart(std::string_view body, std::string_view content_type,
                                                          std::size_t max_parts = 20);

}  // namespace matricula::http
