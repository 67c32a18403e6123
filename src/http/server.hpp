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
  int io_threads = 1;
  int handler_threads = 16;
  std::size_t max_body_bytes = 64 * 1024;
  std::size_t max_header_bytes = 16 * 1024;
  std::chrono::seconds read_timeout{15};   // for a whole request, and idle keep-alive
  std::chrono::seconds write_timeout{30};
  int max_queued_requests = 1024;          // past this: 503 with Retry-After
};

// Runs on a handler thread (it may block on the database or argon2); must not throw.
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
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace matricula::http
