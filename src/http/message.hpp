#pragma once
// Plain request and response: the rest of the program never sees Beast.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace matricula::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;
  std::string target;  // as sent: path and query
  std::string path;    // raw (still percent-encoded)
  std::string query;
  Headers headers;     // names in lower case
  std::string body;
  std::string remote_ip;

  // The first value of a header (name in lower case), or "".
  const std::string& header(std::string_view name) const;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;

  Response& set(std::string name, std::string value);
  const std::string* find(std::string_view name) const;
  static Response redirect(const std::string& location, int status = 303);
  static Response text(int status, std::string body);
};

}  // namespace matricula::http
