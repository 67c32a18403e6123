#include "http/message.hpp"

#include <strings.h>

namespace matricula::http {

const std::string& Request::header(std::string_view name) const {
  static const std::string empty;
  for (auto& [key, value] : headers)
    if (key == name) return value;
  return empty;
}

Response& Response::set(std::string name, std::string value) {
  for (auto& [key, existing] : headers) {
    if (strcasecmp(key.c_str(), name.c_str()) == 0 && strcasecmp(name.c_str(), "Set-Cookie") != 0) {
      existing = std::move(value);
      return *this;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

const std::string* Response::find(std::string_view name) const {
  for (auto& [key, value] : headers)
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) return &value;
  return nullptr;
}

Response Response::redirect(const std::string& location, int status) {
  Response r;
  r.status = status;
  r.set("Location", location);
  return r;
}

Response Response::text(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.set("Content-Type", "text/plain; charset=utf-8");
  return r;
}

}  // namespace matricula::http
