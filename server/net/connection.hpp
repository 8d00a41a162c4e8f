// A WebSocket connection as the application sees it, and the handler that the application gives the transport.
// Everything here happens on the connection's own io thread (its shard): the handler is called there, and
// send()/close() must be called there (post to the shard first; see io_shards::post).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/ids.hpp"

namespace helpchat::net {

// RFC 6455 close codes the server uses (docs/protocol.md, "Close codes").
enum class close_code : std::uint16_t {
  normal = 1000,
  going_away = 1001,
  protocol_error = 1002,
  unsupported_data = 1003,
  invalid_payload = 1007,
  policy_violation = 1008,
  too_big = 1009,
  try_again_later = 1013,
};

class connection {
 public:
  virtual ~connection() = default;
  virtual connection_id id() const = 0;
  virtual std::size_t shard() const = 0;
  // From the upgrade request, for the life of the connection.
  virtual std::string_view remote_address() const = 0;
  virtual std::string_view session_cookie() const = 0;  // the hc_session cookie; empty if none

  // Queues one or more JSON messages (objects separated by commas, no brackets). Whatever is queued while a write
  // is in flight leaves in the next single frame, as one JSON array. Past the queue bound the connection is
  // closed with 1013 and the chunk dropped (the client resumes from its last seq).
  virtual void send(std::shared_ptr<const std::string> messages) = 0;
  // Sends what is already queued, then closes with `code`.
  virtual void close(close_code code, std::string_view reason) = 0;
};

class connection_handler {
 public:
  virtual ~connection_handler() = default;
  virtual void on_open(connection& c) = 0;
  virtual void on_message(connection& c, std::string_view text) = 0;
  // The peer sent a ping. It costs what a message costs (a ping flood is a flood, and each ping asks for a
  // pong): false when `c` is over its budget, and then the ping goes unanswered; the handler may have closed `c`.
  // Over TLS the answer is Beast's, which cannot be withheld (it sends one pong at a time, see
  // tls_websocket_session), so there only the budget and its close apply.
  virtual bool on_ping(connection& c) = 0;
  // Called exactly once, after which `c` must not be used.
  virtual void on_close(connection& c) = 0;
  // Everything queued for `c` has been written (its send queue is empty again).
  virtual void on_drained(connection& c) = 0;
};

}  // namespace helpchat::net
