// What the WebSocket connections of one io thread share (plain and TLS): the application's handler, limits and
// log, held here once rather than by every connection; and, for our own transport (net::websocket_connection),
// the buffer every read lands in and the sweep that enforces every connection's deadlines once a second.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <span>
#include <vector>

#include "common/limits.hpp"
#include "common/logger.hpp"
#include "net/connection.hpp"

namespace helpchat::net {

class websocket_connection;

// Only on its shard's thread, except the handler, limits and log, which are the application's.
class websocket_shard : public std::enable_shared_from_this<websocket_shard> {
 public:
  // Bound to the io_context's own executor type rather than any_io_executor: 48 bytes less per connection.
  using socket_type = boost::asio::basic_stream_socket<boost::asio::ip::tcp, boost::asio::io_context::executor_type>;

  websocket_shard(boost::asio::io_context& io, std::size_t index, connection_handler& handler,
                  const helpchat::limits& limits, logger& log);

  // Moves an accepted socket of this shard to socket_type.
  socket_type adopt(boost::asio::ip::tcp::socket socket, boost::system::error_code& ec);

  std::size_t index() const { return index_; }
  connection_handler& handler() const { return handler_; }
  const helpchat::limits& limits() const { return limits_; }
  logger& log() const { return log_; }
  std::span<char> scratch() { return scratch_; }
  void add(websocket_connection& c);
  void remove(websocket_connection& c);

 private:
  void sweep();

  boost::asio::io_context& io_;
  const std::size_t index_;
  connection_handler& handler_;
  const helpchat::limits& limits_;
  logger& log_;
  boost::asio::steady_timer timer_;
  std::vector<char> scratch_;
  std::vector<websocket_connection*> connections_;  // each knows its index, for O(1) removal
  bool sweeping_ = false;                           // the timer is set
};

}  // namespace helpchat::net
