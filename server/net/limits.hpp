// Every size, count and timeout of the transport, in one place (docs/operations.md lists them).
// Values here are defaults; the operator may change the ones in `transport_limits` through configuration.
#pragma once

#include <chrono>
#include <cstddef>

namespace helpchat::net {

struct transport_limits {
  std::size_t max_frame_bytes = 64 * 1024;          // a client frame over this closes with 1009
  std::size_t max_queued_bytes = 4 * 1024 * 1024;   // per connection; a reader this far behind is closed with 1013
  std::size_t max_http_body_bytes = 64 * 1024;      // API request bodies (413 past it)
  std::size_t max_http_header_bytes = 16 * 1024;
  std::chrono::seconds handshake_timeout{10};       // HTTP request or WebSocket upgrade
  std::chrono::seconds http_idle_timeout{30};       // a keep-alive HTTP connection with no request
  // No frame from the client for this long and the connection is closed; a ping is sent half way. Under 90 s so
  // that a reverse proxy with a 60 s read timeout keeps the socket (the pings are traffic).
  std::chrono::seconds websocket_idle_timeout{60};
  std::chrono::milliseconds accept_backoff{100};    // after EMFILE/ENFILE, before accepting again
};

}  // namespace helpchat::net
