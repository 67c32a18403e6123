#pragma once
#include <optional>
#include <string>

#include "app/services.hpp"
#include "app/sessions.hpp"
#include "http/form.hpp"
#include "http/message.hpp"
#include "http/multipart.hpp"
#include "http/router.hpp"

namespace matricula::http {

// What a handler knows about the request it answers: the parsed form, the path
// parameters, the browser session and the signed-in user.
class Context {
 public:
  Context(Request& request, Services& services, std::string request_id)
      : request(request), services(services), request_id(std::move(request_id)) {}

  Request& request;
  Services& services;
  std::string request_id;
  std::string client_ip;  // the peer, or what a trusted proxy says it is
  std::string route;      // the matched route pattern, for logs and metrics
  PathParams params;
  Form form;    // POST body: urlencoded, or the text fields of multipart
  std::map<std::string, MultipartPart> files;  // multipart file fields
  Form query;

  // The session, created on first use (a form needs its CSRF token).
  Session& session();
  bool has_session() const { return current_.has_value(); }
  void attach_session(SessionAndUser loaded);
  // The signed-in user, read with the session (nobody when the account is deactivated).
  const std::optional<User>& user() const { return user_; }
  void flash(std::string level, std::string text);
  std::vector<Flash> take_flashes();

  void sign_in(const User& user);
  void sign_out();

  // What must be written back: the session changes and a new cookie id, if any.
  std::optional<std::string> new_cookie_id;
  void save();

 private:
  std::optional<Session> loaded_;
  std::optional<Session> current_;
  std::optional<User> user_;
};

}  // namespace matricula::http
