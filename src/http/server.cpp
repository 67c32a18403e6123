#include <utility>  // before asio's coroutine headers (Boost 1.74 with g++ 12)

#include "http/server.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <atomic>
#include <string_view>
#include <thread>
#include <vector>

#include "log/log.hpp"

namespace matricula::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

struct Server::Impl {
  ServerOptions options;
  Handler handler;
  ErrorPage error_page;
  asio::io_context io{options.io_threads};
  asio::thread_pool pool{static_cast<std::size_t>(options.handler_threads)};
  tcp::acceptor acceptor{io};
  asio::signal_set signals{io, SIGINT, SIGTERM};
  std::atomic<int> queued{0};
  std::atomic<int> active{0};  // requests read and not yet answered
  std::atomic<int> connections{0};
  asio::steady_timer drain_timer{io};
  std::chrono::steady_clock::time_point drain_deadline;
  bool stopping = false;

  void drain() {
    if (active.load() == 0 || std::chrono::steady_clock::now() >= drain_deadline) {
      io.stop();
      return;
    }
    drain_timer.expires_after(std::chrono::milliseconds(20));
    drain_timer.async_wait([this](const beast::error_code&) { drain(); });
  }

  void begin_stop() {
    if (stopping) return;
    stopping = true;
    beast::error_code ec;
    acceptor.close(ec);
    signals.cancel(ec);
    drain_deadline = std::chrono::steady_clock::now() + options.shutdown_timeout;
    drain();
  }

  Impl(ServerOptions o, Handler h, ErrorPage e) : options(std::move(o)), handler(std::move(h)), error_page(std::move(e)) {
    tcp::endpoint endpoint(asio::ip::make_address(options.host), static_cast<unsigned short>(options.port));
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(asio::socket_base::max_listen_connections);
  }

  static Request to_request(bhttp::request<bhttp::string_body>&& in, const std::string& remote_ip) {
    Request r;
    r.method = std::string(in.method_string());
    r.target = std::string(in.target());
    auto q = r.target.find('?');
    r.path = r.target.substr(0, q);
    if (q != std::string::npos) r.query = r.target.substr(q + 1);
    for (auto& field : in) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    r.body = std::move(in.body());
    r.remote_ip = remote_ip;
    return r;
  }

  asio::awaitable<Response> run_handler(Request& request) {
    // Page views stay on the I/O thread: no hop between threads, and argon2 work queued on
    // the pool never delays them.
    if (request.method == "GET" || request.method == "HEAD") co_return handler(request);
    if (queued.fetch_add(1) >= options.max_queued_requests) {
      queued.fetch_sub(1);
      auto busy = error_page(503);
      busy.set("Retry-After", "1");
      co_return busy;
    }
    auto response = co_await asio::co_spawn(
        pool, [&]() -> asio::awaitable<Response> { co_return handler(request); }, asio::use_awaitable);
    queued.fetch_sub(1);
    co_return response;
  }

  // The status line and headers of `response` as sent on the wire. Beast's serializer cost more
  // than the system call on a small page, so the head is formatted here into one buffer; CR
  // and LF cannot reach it from a header value.
  static void format_head(std::string& head, const Response& response, unsigned version, bool keep_alive,
                          bool has_body) {
    auto append_clean = [&head](std::string_view text) {
      for (char c : text) head += (c == '\r' || c == '\n') ? ' ' : c;
    };
    head.clear();
    head += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    head += std::to_string(response.status);
    head += ' ';
    auto reason = bhttp::obsolete_reason(static_cast<bhttp::status>(response.status));
    head.append(reason.data(), reason.size());
    head += "\r\n";
    for (auto& [name, value] : response.headers) {
      append_clean(name);
      head += ": ";
      append_clean(value);
      head += "\r\n";
    }
    if (has_body) {
      head += "Content-Length: ";
      head += std::to_string(response.body.size());
      head += "\r\n";
    }
    if (!keep_alive && version != 10) head += "Connection: close\r\n";
    if (keep_alive && version == 10) head += "Connection: keep-alive\r\n";
    head += "\r\n";
  }

  // Writes the response; a HEAD answer has the headers of the GET one and no body, and 1xx, 204
  // and 304 answers have neither a body nor its length.
  asio::awaitable<void> write(beast::tcp_stream& stream, std::string& head, const Response& response,
                              unsigned version, bool keep_alive, bool is_head) {
    bool has_body = response.status / 100 != 1 && response.status != 204 && response.status != 304;
    format_head(head, response, version, keep_alive, has_body);
    std::array<asio::const_buffer, 2> wire{asio::buffer(head), asio::buffer(response.body)};
    if (is_head || !has_body) wire[1] = asio::const_buffer();
    stream.expires_after(options.write_timeout);
    beast::error_code ec;
    co_await asio::async_write(stream, wire, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) throw beast::system_error(ec);
  }

  static bool closed(const beast::error_code& ec) {
    return ec == bhttp::error::end_of_stream || ec == asio::error::eof || ec == beast::error::timeout ||
           ec == asio::error::connection_reset || ec == asio::error::operation_aborted;
  }

  static int status_for(const beast::error_code& ec) {
    return ec == bhttp::error::body_limit ? 413 : ec == bhttp::error::header_limit ? 431 : 400;
  }

  asio::awaitable<void> serve_connection(tcp::socket socket) {
    struct Count {
      std::atomic<int>& n;
      ~Count() { --n; }
    } count{connections};
    beast::error_code ec;
    auto remote = socket.remote_endpoint(ec);
    std::string remote_ip = ec ? "" : remote.address().to_string();
    if (remote_ip.rfind("::ffff:", 0) == 0) remote_ip = remote_ip.substr(7);
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    std::string head;  // the response head, its memory reused from one request to the next
    auto answer = [&](const Response& response, unsigned version, bool keep_alive, bool is_head = false) {
      return write(stream, head, response, version, keep_alive, is_head);
    };
    try {
      for (;;) {
        bhttp::request_parser<bhttp::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
        // An idle keep-alive connection gets idle_timeout to start its next request, then
        // header_timeout for the whole header: a client trickling bytes cannot stay forever.
        if (buffer.size() == 0) {
          stream.expires_after(options.idle_timeout);
          auto n = co_await stream.async_read_some(buffer.prepare(4096), asio::redirect_error(asio::use_awaitable, ec));
          if (ec) break;  // idle too long, or closed by the client
          buffer.commit(n);
        }
        stream.expires_after(options.header_timeout);
        co_await bhttp::async_read_header(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
        if (closed(ec)) break;
        if (ec) {
          co_await answer(error_page(status_for(ec)), 11, false);
          break;
        }
        auto& header = parser.get();
        if (static_cast<std::size_t>(std::distance(header.begin(), header.end())) > options.max_header_fields) {
          co_await answer(error_page(431), header.version(), false);
          break;
        }
        std::string target(header.target());
        auto limit = options.body_limit(std::string(header.method_string()), target.substr(0, target.find('?')));
        // Beast checks Content-Length against the limit while parsing the header, before we
        // knew the route: check it again, and let the limit govern chunked bodies too.
        parser.body_limit(limit);
        if (parser.content_length() && *parser.content_length() > limit) {
          co_await answer(error_page(413), header.version(), false);
          break;
        }
        if (!parser.is_done()) {
          stream.expires_after(options.body_timeout);
          co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
          if (closed(ec)) break;
          if (ec) {
            co_await answer(error_page(status_for(ec)), header.version(), false);
            break;
          }
        }
        auto& message = parser.get();
        struct Active {
          std::atomic<int>& n;
          explicit Active(std::atomic<int>& a) : n(a) { ++n; }
          ~Active() { --n; }
        } in_flight{active};
        unsigned version = message.version();
        bool keep_alive = message.keep_alive() && !stopping;
        bool is_head = message.method() == bhttp::verb::head;
        auto request = to_request(parser.release(), remote_ip);
        auto response = co_await run_handler(request);
        co_await answer(response, version, keep_alive, is_head);
        if (!keep_alive) break;
      }
    } catch (const std::exception& e) {
      log::debug("connection closed", {{"error", e.what()}});
    }
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      beast::error_code ec;
      tcp::socket socket = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (ec == asio::error::operation_aborted) co_return;
      if (ec) continue;  // e.g. too many open files: keep serving the connections we have
      if (connections.load() >= options.max_connections) {
        socket.close(ec);
        continue;
      }
      ++connections;
      socket.set_option(tcp::no_delay(true), ec);
      asio::co_spawn(io, serve_connection(std::move(socket)), asio::detached);
    }
  }
};

Server::Server(ServerOptions options, Handler handler, ErrorPage error_page)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(error_page))) {}

Server::~Server() {
  stop();
  impl_->pool.join();
}

int Server::port() const { return impl_->acceptor.local_endpoint().port(); }

void Server::run() {
  impl_->signals.async_wait([this](const beast::error_code& ec, int) {
    if (!ec) stop();
  });
  asio::co_spawn(impl_->io, impl_->accept_loop(), asio::detached);
  std::vector<std::thread> extra;
  for (int i = 1; i < impl_->options.io_threads; ++i) extra.emplace_back([this] { impl_->io.run(); });
  impl_->io.run();
  for (auto& t : extra) t.join();
}

void Server::stop() {
  asio::post(impl_->io, [this] { impl_->begin_stop(); });
}

int Server::queued() const { return impl_->queued.load(); }

}  // namespace matricula::http
