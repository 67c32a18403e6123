#include "http/multipart.hpp"

#include <strings.h>

#include "domain/text.hpp"

namespace matricula::http {
namespace {

using text::trim_view;

// The value of `key` in a header value like `form-data; name="x"; filename="y"`.
std::optional<std::string> parameter(std::string_view header, std::string_view key) {
  std::size_t at = 0;
  while ((at = header.find(';', at)) != std::string_view::npos) {
    auto rest = trim_view(header.substr(at + 1));
    at += 1;
    if (rest.size() <= key.size() || strncasecmp(rest.data(), key.data(), key.size()) != 0 || rest[key.size()] != '=')
      continue;
    auto value = rest.substr(key.size() + 1);
    if (!value.empty() && value.front() == '"') {
      auto close = value.find('"', 1);
      if (close == std::string_view::npos) return std::nullopt;
      return std::string(value.substr(1, close - 1));
    }
    auto token = trim_view(value.substr(0, value.find(';')));
    if (token.find('"') != std::string_view::npos) return std::nullopt;  // half a quoted string
    return std::string(token);
  }
  return std::nullopt;
}

bool starts_with_icase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && strncasecmp(text.data(), prefix.data(), prefix.size()) == 0;
}

}  // namespace

std::optional<std::vector<MultipartPart>> parse_multipart(std::string_view body, std::string_view content_type,
                                                          std::size_t max_parts) {
  if (!starts_with_icase(content_type, "multipart/form-data")) return std::nullopt;
  auto boundary = parameter(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 70) return std::nullopt;
  const std::string delimiter = "--" + *boundary;
  const std::string separator = "\r\n" + delimiter;

  if (body.substr(0, delimiter.size()) != delimiter) return std::nullopt;
  std::size_t at = delimiter.size();
  std::vector<MultipartPart> parts;
  while (true) {
    if (body.substr(at, 2) == "--") return parts;  // the closing delimiter
    if (body.substr(at, 2) != "\r\n") return std::nullopt;
    at += 2;
    auto headers_end = body.find("\r\n\r\n", at);
    if (headers_end == std::string_view::npos) return std::nullopt;
    MultipartPart part;
    bool disposition = false;
    auto headers = body.substr(at, headers_end - at);
    while (!headers.empty()) {
      auto line_end = headers.find("\r\n");
      auto line = headers.substr(0, line_end);
      headers = line_end == std::string_view::npos ? std::string_view{} : headers.substr(line_end + 2);
      auto colon = line.find(':');
      if (colon == std::string_view::npos) return std::nullopt;
      auto name = line.substr(0, colon);
      auto value = trim_view(line.substr(colon + 1));
      if (strncasecmp(name.data(), "Content-Disposition", name.size()) == 0 && name.size() == 19) {
        if (!starts_with_icase(value, "form-data")) return std::nullopt;
        auto field = parameter(value, "name");
        if (!field) return std::nullopt;
        part.name = *field;
        part.filename = parameter(value, "filename").value_or("");
        disposition = true;
      } else if (strncasecmp(name.data(), "Content-Type", name.size()) == 0 && name.size() == 12) {
        part.content_type = std::string(value);
      }
    }
    if (!disposition) return std::nullopt;
    auto data_start = headers_end + 4;
    auto data_end = body.find(separator, data_start);
    if (data_end == std::string_view::npos) return std::nullopt;
    part.data = body.substr(data_start, data_end - data_start);
    parts.push_back(std::move(part));
    if (parts.size() > max_parts) return std::nullopt;
    at = data_end + separator.size();
  }
}

}  // namespace matricula::http
