#include "net/websocket_shard.hpp"

#include "net/websocket_connection.hpp"

namespace helpchat::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// Big enough for the largest client frame in one read; shared by every connection of the thread.
constexpr std::size_t scratch_bytes = 64 * 1024;
constexpr std::chrono::seconds sweep_period{1};

}  // namespace

websocket_shard::websocket_shard(asio::io_context& io, std::size_t index, connection_handler& handler,
                                 const helpchat::limits& limits, logger& log)
    : io_(io), index_(index), handler_(handler), limits_(limits), log_(log), timer_(io), scratch_(scratch_bytes) {}

websocket_shard::socket_type websocket_shard::adopt(tcp::socket socket, boost::system::error_code& ec) {
  socket_type adopted(io_);
  const auto protocol = socket.local_endpoint(ec).protocol();
  if (ec) return adopted;
  const auto native = socket.release(ec);
  if (!ec) adopted.assign(protocol, native, ec);
  return adopted;
}

void websocket_shard::add(websocket_connection& c) {
  c.sweep_index = connections_.size();
  connections_.push_back(&c);
  if (sweeping_) return;
  // The sweep runs only while there are connections, so an idle shard has no pending timer and can stop.
  sweeping_ = true;
  timer_.expires_after(sweep_period);
  timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    self->sweeping_ = false;
    if (!ec) self->sweep();
  });
}

void websocket_shard::remove(websocket_connection& c) {
  const std::size_t at = c.sweep_index;
  if (at >= connections_.size() || connections_[at] != &c) return;
  connections_[at] = connections_.back();
  connections_[at]->sweep_index = at;
  connections_.pop_back();
}

void websocket_shard::sweep() {
  const auto now = std::chrono::steady_clock::now();
  // Backwards: a connection that ends here swaps the last one into its place, which has been checked already.
  for (std::size_t i = connections_.size(); i-- > 0;) {
    if (i < connections_.size()) connections_[i]->check_deadlines(now);
  }
  if (connections_.empty() || sweeping_) return;
  sweeping_ = true;
  timer_.expires_after(sweep_period);
  timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    self->sweeping_ = false;
    if (!ec) self->sweep();
  });
}

}  // namespace helpchat::net
