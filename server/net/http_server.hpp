// The transport, put together: what every HTTP session shares (the router, the web client's files, one
// websocket_shard per io thread), the TLS certificate when configured, and the listener that accepts on the bound
// address. Knows Beast; knows nothing of chat.
//
//   listener (on shard 0) ─accept onto shard k (round robin)─▶ http_session ─upgrade /ws─▶ websocket_connection (TLS:
//   tls_websocket_session)
//                                                                   └─ /api/…, /healthz … ─▶ http_handler
//                                                                   └─ anything else ─▶ static_files
//
// Ownership: owns the listener and the TLS context; the http_session_context is shared with every session, which
// keeps it alive past the server. `api`, `sockets` and `log` must outlive the server and its connections.
// Thread-safety: construct, listen() and start_accepting() from one thread before the shards run; stop_accepting()
// may be called from any thread.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <cstdint>
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

class listener;
struct http_session_context;

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

  // Loads the TLS certificate (when options.tls), binds and listens; returns the bound port.
  result<std::uint16_t> listen();
  void start_accepting();
  // Stops accepting new connections (open ones are not touched).
  void stop_accepting();

  std::uint64_t accepted() const;
  std::uint64_t accept_failures() const;
  // Connections closed at accept because their address had too many.
  std::uint64_t refused() const;

 private:
  const server_options options_;
  std::shared_ptr<http_session_context> sessions_;
  std::unique_ptr<boost::asio::ssl::context> tls_;  // set by listen() when options.tls; then read-only
  std::unique_ptr<listener> listener_;              // last: it uses sessions_ and tls_
};

}  // namespace helpchat::net
