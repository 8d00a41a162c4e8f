#include "net/websocket_connection.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

namespace helpchat::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using clock = std::chrono::steady_clock;

namespace {

// Big enough for the largest client frame in one read; shared by every connection of the thread.
constexpr std::size_t scratch_bytes = 64 * 1024;
// Reads of one readiness before the connection lets the others of its thread go first.
constexpr int reads_per_turn = 4;
constexpr std::chrono::seconds sweep_period{1};

bool would_block(const boost::system::error_code& ec) {
  return ec == asio::error::would_block || ec == asio::error::try_again;
}

bool expected_end(const boost::system::error_code& ec) {
  return !ec || ec == asio::error::eof || ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
         ec == asio::error::operation_aborted || ec == asio::error::timed_out;
}

// Drops the first `written` bytes from the front of `buffers`.
void consume(std::vector<asio::const_buffer>& buffers, std::size_t written) {
  std::size_t whole = 0;
  while (whole < buffers.size() && written >= buffers[whole].size()) written -= buffers[whole++].size();
  buffers.erase(buffers.begin(), buffers.begin() + static_cast<std::ptrdiff_t>(whole));
  if (!buffers.empty()) buffers.front() += written;
}

}  // namespace

// ---- websocket_shard ----------------------------------------------------------------------------------------

websocket_shard::websocket_shard(asio::io_context& io) : io_(io), timer_(io), scratch_(scratch_bytes) {}

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
  const auto now = clock::now();
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

// ---- websocket_connection -----------------------------------------------------------------------------------

websocket_connection::websocket_connection(websocket_shard::socket_type socket,
                                           std::shared_ptr<websocket_shard> shard_state, connection_id id,
                                           std::size_t shard, upgrade_info info, std::shared_ptr<const void> admission,
                                           connection_handler& handler, const limits& limits, logger& log)
    : socket_(std::move(socket)),
      shard_state_(std::move(shard_state)),
      id_(id),
      shard_(shard),
      info_(std::move(info)),
      admission_(std::move(admission)),
      handler_(handler),
      limits_(limits),
      log_(log),
      parser_(limits.max_frame_bytes) {}

websocket_connection::~websocket_connection() = default;

void websocket_connection::run(std::string_view accept_key) {
  boost::system::error_code ec;
  socket_.non_blocking(true, ec);
  if (!ec) socket_.set_option(tcp::no_delay(true), ec);
  if (ec) return finish(ec, "setup");
  control_.append("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n");
  control_.append("Sec-WebSocket-Accept: ").append(accept_key).append("\r\nServer: helpchat\r\n\r\n");
  last_heard_ = clock::now();
  shard_state_->add(*this);
  open_ = true;
  handler_.on_open(*this);
  post_flush();
  // Read before waiting: what arrived before now gave its readiness edge to nobody.
  on_readable({});
}

// ---- reading --------------------------------------------------------------------------------------------------

void websocket_connection::wait_readable() {
  socket_.async_wait(tcp::socket::wait_read,
                     [self = shared_from_this()](boost::system::error_code ec) { self->on_readable(ec); });
}

void websocket_connection::on_readable(boost::system::error_code ec) {
  if (finished_) return;
  if (ec) return finish(ec, "read");
  auto scratch = shard_state_->scratch();
  for (int reads = 0; reads < reads_per_turn; ++reads) {
    const std::size_t n = socket_.read_some(asio::buffer(scratch.data(), scratch.size()), ec);
    // The socket is drained: its next bytes will wake the wait (epoll is edge-triggered).
    if (would_block(ec)) return wait_readable();
    if (ec) return finish(ec, "read");
    last_heard_ = clock::now();
    ping_sent_ = false;
    parser_.parse(scratch.first(n), *this);
    if (finished_) return;
  }
  // Still more to read: come back after the other connections' handlers, without waiting for a new edge.
  asio::post(socket_.get_executor(), [self = shared_from_this()] { self->on_readable({}); });
}

void websocket_connection::on_message(opcode kind, std::string_view payload) {
  if (closing_) return;
  if (kind != opcode::text) return close(close_code::unsupported_data, "Solo se aceptan mensajes de texto (JSON).");
  handler_.on_message(*this, payload);
}

void websocket_connection::on_ping(std::string_view payload) {
  if (!closing_) queue_control(opcode::pong, payload);
}

void websocket_connection::on_pong(std::string_view) {}  // last_heard_ is already up to date

void websocket_connection::on_close(std::optional<std::uint16_t> code, std::string_view) {
  peer_closed_ = true;
  if (close_sent_) return finish({}, "closed");  // the handshake we started is complete
  if (closing_) return;  // ours is on its way; once it is written the handshake is complete (on_written)
  // The peer started it: answer with its code (RFC 6455 5.5.1); what we had queued will not be read.
  drop_queue();
  closing_ = true;
  closing_since_ = clock::now();
  close_frame_ = code ? encode_close_payload(*code, {}) : std::string();
  post_flush();
}

void websocket_connection::on_protocol_error(std::uint16_t code, std::string_view why) {
  log_.debug("websocket_protocol_error", {{"connection", id_.value}, {"code", code}, {"why", std::string(why)}});
  if (closing_) return finish({}, "protocol error while closing");
  drop_queue();
  start_closing(static_cast<close_code>(code), code == 1007   ? "El texto no es UTF-8 válido."
                                               : code == 1009 ? "Mensaje demasiado grande."
                                                              : "Error de protocolo WebSocket.");
}

// ---- writing --------------------------------------------------------------------------------------------------

void websocket_connection::send(std::shared_ptr<const std::string> messages) {
  if (finished_ || closing_) return;
  queued_bytes_ += messages->size();
  if (queued_bytes_ > limits_.max_queued_bytes) {
    // The client is not keeping up. Drop what it has not been sent and close with "try again later": it resumes
    // from its last seq, and meanwhile costs the others nothing.
    queued_bytes_ -= messages->size();
    drop_queue();
    log_.info("slow_consumer_closed", {{"connection", id_.value}});
    return close(close_code::try_again_later, "Conexión demasiado lenta; reconecte para continuar.");
  }
  queue_.push_back(std::move(messages));
  post_flush();
}

void websocket_connection::close(close_code code, std::string_view reason) {
  if (finished_ || closing_) return;
  start_closing(code, reason);
}

void websocket_connection::drop_queue() {
  for (const auto& chunk : queue_) queued_bytes_ -= chunk->size();
  queue_.clear();
}

void websocket_connection::start_closing(close_code code, std::string_view reason) {
  closing_ = true;
  closing_since_ = clock::now();
  close_frame_ = encode_close_payload(static_cast<std::uint16_t>(code), reason);
  post_flush();
}

void websocket_connection::queue_control(opcode op, std::string_view payload) {
  std::array<std::uint8_t, 10> header{};
  const std::size_t length = encode_frame_header(header, op, payload.size());
  control_.append(reinterpret_cast<const char*>(header.data()), length).append(payload);
  post_flush();
}

void websocket_connection::post_flush() {
  // Cork until the handlers already queued on this thread have run: a fan-out that is behind delivers several
  // batches before this write starts, and they leave in one frame and one syscall instead of one each.
  if (write_posted_ || !unsent_.empty()) return;
  write_posted_ = true;
  asio::post(socket_.get_executor(), [self = shared_from_this()] { self->flush(); });
}

void websocket_connection::flush() {
  write_posted_ = false;
  if (finished_ || !unsent_.empty()) return;  // a write is in progress; on_written() comes back here
  static constexpr char open_bracket = '[';
  static constexpr char comma = ',';
  static constexpr char close_bracket = ']';
  if (!control_.empty()) {
    writing_control_.swap(control_);
    unsent_.emplace_back(writing_control_.data(), writing_control_.size());
  }
  if (!queue_.empty()) {
    writing_.swap(queue_);
    std::size_t payload = writing_.size() + 1;  // brackets and commas
    for (const auto& chunk : writing_) payload += chunk->size();
    const std::size_t header_length = encode_frame_header(header_, opcode::text, payload);
    unsent_.reserve(unsent_.size() + writing_.size() * 2 + 3);
    unsent_.emplace_back(header_.data(), header_length);
    unsent_.emplace_back(&open_bracket, 1);
    for (std::size_t i = 0; i < writing_.size(); ++i) {
      if (i > 0) unsent_.emplace_back(&comma, 1);
      unsent_.emplace_back(writing_[i]->data(), writing_[i]->size());
    }
    unsent_.emplace_back(&close_bracket, 1);
  }
  if (closing_ && !close_sent_ && !close_in_flight_) {
    // Our close frame goes after everything queued before close(); nothing is queued after it.
    close_in_flight_ = true;
    const std::size_t header_length = encode_frame_header(close_header_, opcode::close, close_frame_.size());
    unsent_.emplace_back(close_header_.data(), header_length);
    unsent_.emplace_back(close_frame_.data(), close_frame_.size());
  }
  if (unsent_.empty()) return;
  write_pending();
}

void websocket_connection::write_pending() {
  while (!unsent_.empty()) {
    boost::system::error_code ec;
    const std::size_t written = socket_.write_some(unsent_, ec);
    if (would_block(ec)) {
      socket_.async_wait(tcp::socket::wait_write, [self = shared_from_this()](boost::system::error_code wait_ec) {
        if (self->finished_) return;
        if (wait_ec) return self->finish(wait_ec, "write");
        self->write_pending();
      });
      return;
    }
    if (ec) return finish(ec, "write");
    consume(unsent_, written);
  }
  on_written();
}

void websocket_connection::on_written() {
  for (const auto& chunk : writing_) queued_bytes_ -= chunk->size();
  writing_.clear();
  std::string().swap(writing_control_);
  if (close_in_flight_) {
    close_in_flight_ = false;
    close_sent_ = true;
    // The peer's close frame came first: the handshake is complete, and the server closes the TCP connection
    // first (RFC 6455 7.1.1).
    if (peer_closed_) return finish({}, "closed");
    // Otherwise wait for its answer, reading on (a close with unread bytes would reset the connection and could
    // destroy our close frame before the peer reads it), until its close frame, EOF or the closing deadline.
    boost::system::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_send, ignored);
    return;
  }
  if (!queue_.empty() || !control_.empty() || closing_) return flush();
  // Drained: an idle connection keeps no buffers (a few hundred bytes each, for thousands of listeners).
  unsent_ = {};
  writing_ = {};
  queue_ = {};
  handler_.on_drained(*this);
}

// ---- deadlines and the end ------------------------------------------------------------------------------------

void websocket_connection::check_deadlines(clock::time_point now) {
  if (finished_) return;
  if (closing_) {
    if (now - closing_since_ >= limits_.handshake_timeout) finish(asio::error::timed_out, "closing");
    return;
  }
  const auto silent = now - last_heard_;
  if (silent >= limits_.websocket_idle_timeout) return finish(asio::error::timed_out, "idle");
  if (silent >= limits_.websocket_idle_timeout / 2 && !ping_sent_) {
    ping_sent_ = true;
    queue_control(opcode::ping, {});
  }
}

void websocket_connection::finish(boost::system::error_code ec, const char* where) {
  if (finished_) return;
  finished_ = true;
  if (!expected_end(ec)) {
    log_.debug("websocket_closed", {{"connection", id_.value}, {"where", where}, {"reason", ec.message()}});
  }
  boost::system::error_code ignored;
  socket_.close(ignored);  // pending waits end with operation_aborted and find finished_ set
  shard_state_->remove(*this);
  queue_.clear();
  if (open_) {
    open_ = false;
    handler_.on_close(*this);
  }
}

}  // namespace helpchat::net
