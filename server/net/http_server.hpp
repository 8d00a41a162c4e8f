// The transport: accepts TCP connections, speaks HTTP on them, serves the web client and hands API requests and
// WebSocket upgrades to the application. Knows Beast; knows nothing of chat.
//
//   listener (on shard 0) ─accept onto shard k (round robin)─▶ http_session ─upgrade /ws─▶ websocket_connection (TLS:
//   tls_websocket_session)
//                                                                   └─ /api/…, /healthz … ─▶ http_handler
//                                                                   └─ anything else ─▶ static_files
//
// The accept loop survives running out of file descriptors: on EMFILE/ENFILE it logs, waits
// `limits.accept_backoff`, and accepts again (Beast's example stops accepting for good).
// Thread-safety: construct, listen() and start() from one thread before the shards run; stop_accepting() may be
// called from any thread.
#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/limits.hpp"
#include "common/logger.hpp"
#include "common/result.hpp"
#include "net/connection.hpp"
#include "net/http_types.hpp"
#include "net/io_shards.hpp"
#include "net/static_files.hpp"

namespace helpchat::net {

struct tls_files {
  std::filesystem::path certificate_file;  // PEM, full chain
  std::filesystem::path key_file;          // PEM
};

struct server_options {
  std::string bind_address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port
  helpchat::limits limits;
  // Origins allowed to open a WebSocket. Empty: only the server's own origin (its scheme and the request's Host).
  std::vector<std::string> allowed_origins;
  // Paths (prefixes) that go to the application's http_handler.
  std::vector<std::string> api_prefixes{"/api/", "/healthz", "/readyz", "/metrics"};
  // Serve HTTPS and WSS instead of plain HTTP (for a reverse proxy or loopback, leave it off).
  std::optional<tls_files> tls;
};

class http_server {
 public:
  http_server(io_shards& shards, server_options options, static_files files, http_handler& api,
              connection_handler& sockets, logger& log);
  ~http_server();

  // Binds and listens; returns the bound port.
  result<std::uint16_t> listen();
  void start_accepting();
  // Stops accepting new connections (open ones are not touched).
  void stop_accepting();

  std::uint64_t accepted() const { return accepted_.load(); }
  std::uint64_t accept_failures() const { return accept_failures_.load(); }
  // Connections closed at accept because their address had too many.
  std::uint64_t refused() const { return refused_.load(); }

  // Shared with every http_session; constant after construction.
  struct context;

 private:
  void do_accept();
  void on_accept(std::size_t shard, boost::beast::error_code ec, boost::asio::ip::tcp::socket socket);

  io_shards& shards_;
  std::shared_ptr<context> context_;
  std::unique_ptr<boost::asio::ssl::context> tls_;  // set by listen() when options.tls; then read-only
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer backoff_;
  std::size_t next_shard_ = 0;
  std::atomic<bool> accepting_{false};
  std::atomic<std::uint64_t> accepted_{0};
  std::atomic<std::uint64_t> accept_failures_{0};
  std::atomic<std::uint64_t> refused_{0};
};

}  // namespace helpchat::net
