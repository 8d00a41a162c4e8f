// A WebSocket connection over plain TCP, our own RFC 6455 transport (docs/decisions.md, "Own WebSocket transport"):
// the connection the fan-out path is built around, lean in memory and in syscalls. (With TLS, Beast's stream is
// used instead: net::tls_websocket_session.)
//
// Why not Beast's websocket::stream here: each one carries a 1.5 KB read buffer and a timer, ~2.5 KB with its
// pending operations, for every idle official; and each write is a composed operation with its own completion.
// Here:
//   - Reads wait for readiness (async_wait), then read into the shard's scratch buffer, shared by every connection
//     of the io thread; frame_parser copies only what a read cut in half.
//   - Deadlines (idle, keep-alive ping, close handshake) are checked by one sweep per shard per second, not by a
//     timer per connection.
//   - Writes are attempted at once (writev of frame header + "[" + the shared chunks joined by "," + "]", the
//     list gathered on the stack); only when the socket does not take it all is the rest parked, with the chunks
//     it points into, until the socket is writable. Sends are corked until the handlers already queued on the
//     thread have run, so several fan-outs queued behind each other leave in one frame.
//   - Every byte waiting to leave counts against limits::max_queued_bytes, control frames included; a peer's pings
//     get at most one pong waiting at a time (net::control_frames), and cost what a message costs (the handler's
//     on_ping), so a client that pings without reading holds a few hundred bytes here and is closed for flooding.
//   - What an idle connection does not use is not held: control bytes, our close frame and a parked write live in
//     a block allocated while there are any; the handler, limits and log are the shard's; the remote address is
//     the admission ticket's; the session cookie is kept only if there is one. About 350 bytes per connection
//     (docs/decisions.md, "Idle connection memory").
//
// Lifetime: only pending I/O (and the posted flush) keep it alive: each handler holds shared_from_this(). Every
// handler runs on the shard's single thread, so nothing here needs a lock.
//
// Connection lifecycle:
//   open (101 sent with the first write; reading; handler.on_open called)
//     ──close() / peer's close frame / protocol error──▶ closing (queued data written, then our close frame;
//        reading until the peer's close frame, EOF or the closing deadline)
//     ──▶ finished (socket closed; handler.on_close called exactly once)
//   Any read or write error, or the idle deadline, goes straight to finished.
#pragma once

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/container/small_vector.hpp>
#include <chrono>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "common/limits.hpp"
#include "common/logger.hpp"
#include "net/address_admission.hpp"
#include "net/connection.hpp"
#include "net/websocket_protocol.hpp"
#include "net/websocket_shard.hpp"

namespace helpchat::net {

class websocket_connection final : public connection,
                                   private frame_sink,
                                   public std::enable_shared_from_this<websocket_connection> {
 public:
  // `socket` has completed an HTTP upgrade request whose key gave `accept_key`. `admission` is held for the
  // connection's life: it counts the connection against its address's limit.
  websocket_connection(websocket_shard::socket_type socket, std::shared_ptr<websocket_shard> shard, connection_id id,
                       std::string session_cookie, address_admission::ticket admission);
  ~websocket_connection() override;

  // Queues the 101 response, opens the connection for the application and starts reading.
  void run(std::string_view accept_key);

  connection_id id() const override { return id_; }
  std::size_t shard() const override { return shard_->index(); }
  std::string_view remote_address() const override { return admission_.address(); }
  std::string_view session_cookie() const override { return session_cookie_ ? *session_cookie_ : std::string_view(); }
  void send(std::shared_ptr<const std::string> messages) override;
  void close(close_code code, std::string_view reason) override;

  // From the shard's sweep: sends the keep-alive ping or ends the connection whose deadline has passed.
  void check_deadlines(std::chrono::steady_clock::time_point now);
  std::size_t sweep_index = 0;  // position in the shard's list; only websocket_shard touches it

 private:
  // Where our close frame is.
  enum class closing_stage : std::uint8_t { none, queued, in_flight, sent };
  // What leaves besides queued JSON, and a write the socket has not taken whole (writes are tried at once, so
  // that is rare): allocated only while there is any, so an idle connection has none.
  struct outgoing;
  using buffer_list = boost::container::small_vector<boost::asio::const_buffer, 64>;

  void on_message(opcode kind, std::string_view payload) override;
  void on_ping(std::string_view payload) override;
  void on_pong(std::string_view payload) override;
  void on_close(std::optional<std::uint16_t> code, std::string_view reason) override;
  void on_protocol_error(std::uint16_t close_code, std::string_view why) override;

  void wait_readable();
  void on_readable(boost::system::error_code ec);
  outgoing& out();
  std::size_t queued_bytes() const;
  bool admit(std::size_t bytes);
  void start_closing(std::string close_payload);
  void drop_queue();
  void post_flush();
  void flush();
  void park(buffer_list& buffers, std::size_t first);
  void write_parked();
  void on_written(std::vector<std::shared_ptr<const std::string>>& chunks);
  void finish(boost::system::error_code ec, const char* where);

  // Constant after construction.
  websocket_shard::socket_type socket_;
  const std::shared_ptr<websocket_shard> shard_;
  const connection_id id_;
  // Null without one (every official): 8 bytes instead of a string's 32 for thousands of connections.
  const std::unique_ptr<const std::string> session_cookie_;
  const address_admission::ticket admission_;

  frame_parser parser_;
  // The last bytes from the peer; once closing, when the closing began (its deadline runs from there).
  std::chrono::steady_clock::time_point last_heard_;
  std::vector<std::shared_ptr<const std::string>> queue_;  // JSON chunks for the next data frame
  std::unique_ptr<outgoing> out_;
  std::size_t queued_data_bytes_ = 0;      // queue_ and the chunks of a parked write together
  std::array<std::uint8_t, 10> header_{};  // the data frame's header of the write in progress
  closing_stage closing_ = closing_stage::none;
  bool write_posted_ = false;  // a flush() is posted and has not run
  bool parked_ = false;        // a write waits for the socket to be writable
  bool ping_sent_ = false;     // since the peer was last heard
  bool peer_closed_ = false;   // the peer's close frame has arrived
  bool open_ = false;          // on_open was called and on_close not yet
  bool finished_ = false;
};

}  // namespace helpchat::net
