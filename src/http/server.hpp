#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "http/message.hpp"

namespace matricula::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8000;  // 0: any free port (see Server::port())
  int io_threads = 2;        // run the network and page views (GET and HEAD)
  int handler_threads = 16;  // run the other handlers, which may block long (argon2, mail-queuing writes)
  std::size_t max_header_bytes = 16 * 1024;  // request line and headers together: 431 past it
  std::size_t max_header_fields = 100;       // 431 past it
  std::chrono::seconds idle_timeout{30};     // keep-alive: waiting for the next request to start
  std::chrono::seconds header_timeout{10};   // from its first byte to the end of the headers
  std::chrono::seconds body_timeout{30};
  std::chrono::seconds write_timeout{30};
  int max_connections = 10000;               // past this, new connections are closed at once
  int max_queued_requests = 1024;            // past this: 503 with Retry-After
  std::chrono::seconds shutdown_timeout{10}; // on SIGTERM: how long in-flight requests may finish
  // The body size a request may have, decided from its method and path once the headers
  // are in (413 past it, without reading the rest).
  std::function<std::size_t(const std::string& method, const std::string& path)> body_limit =
      [](const std::string&, const std::string&) -> std::size_t { return 64 * 1024; };
};

// Must not throw. Runs on an I/O thread for GET and HEAD (a page view: one indexed read,
// which on a database server waits out one round trip while the other I/O threads go on),
// and on a handler thread for every other method (it may hash a password or queue mail).
using Handler = std::function<Response(Request&)>;
// Builds the answer for a request the server refuses itself (400, 413, 431, 503).
using ErrorPage = std::function<Response(int status)>;

// An asynchronous HTTP/1.1 server (Boost.Beast, C++20 coroutines): I/O threads read and
// write; a separate pool runs the handlers.
class Server {
 public:
  Server(ServerOptions options, Handler handler, ErrorPage error_page);
  ~Server();
  int port() const;
  // Serves until stop() or SIGINT/SIGTERM.
  void run();
  // Stops accepting, lets in-flight requests finish (up to shutdown_timeout), then returns from run().
  void stop();
  // Requests waiting for or running on a handler thread.
  int queued() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace matricula::http
