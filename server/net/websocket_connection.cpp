#include "net/websocket_connection.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "net/control_frames.hpp"

namespace helpchat::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using clock = std::chrono::steady_clock;

namespace {

// Reads of one readiness before the connection lets the others of its thread go first.
constexpr int reads_per_turn = 4;

bool would_block(const boost::system::error_code& ec) {
  return ec == asio::error::would_block || ec == asio::error::try_again;
}

bool expected_end(const boost::system::error_code& ec) {
  return !ec || ec == asio::error::eof || ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
         ec == asio::error::operation_aborted || ec == asio::error::timed_out;
}

// Advances `first` past the buffers that `written` bytes cover, and into the one it cuts.
template <class Buffers>
void consume(Buffers& buffers, std::size_t& first, std::size_t written) {
  while (first < buffers.size() && written >= buffers[first].size()) written -= buffers[first++].size();
  if (first < buffers.size()) buffers[first] += written;
}

// Writes from buffers[first] on until they are all written or the socket would block; `first` says how far it got.
template <class Socket, class Buffers>
void write_nonblocking(Socket& socket, Buffers& buffers, std::size_t& first, boost::system::error_code& ec) {
  while (first < buffers.size()) {
    // Asio writes at most 64 buffers per call (one writev).
    const std::size_t written = socket.write_some(std::span(buffers).subspan(first), ec);
    if (ec) return;
    consume(buffers, first, written);
  }
}

}  // namespace

// ---- websocket_connection -----------------------------------------------------------------------------------

struct websocket_connection::outgoing {
  control_frames control;     // for before the next data frame: the 101 response, a pong, our ping
  std::string close_payload;  // our close frame's, from the moment we close
  std::array<std::uint8_t, 10> close_header{};
  // A parked write: what the socket has left to take, and what keeps that memory alive.
  std::vector<asio::const_buffer> unsent;
  std::vector<std::shared_ptr<const std::string>> writing;
  std::string writing_control;
};

websocket_connection::websocket_connection(websocket_shard::socket_type socket, std::shared_ptr<websocket_shard> shard,
                                           connection_id id, std::string session_cookie,
                                           address_admission::ticket admission)
    : socket_(std::move(socket)),
      shard_(std::move(shard)),
      id_(id),
      session_cookie_(session_cookie.empty() ? nullptr
                                             : std::make_unique<const std::string>(std::move(session_cookie))),
      admission_(std::move(admission)),
      parser_(shard_->limits().max_frame_bytes) {}

websocket_connection::~websocket_connection() = default;

void websocket_connection::run(std::string_view accept_key) {
  boost::system::error_code ec;
  socket_.non_blocking(true, ec);
  if (!ec) socket_.set_option(tcp::no_delay(true), ec);
  if (ec) return finish(ec, "setup");
  std::string response("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n");
  response.append("Sec-WebSocket-Accept: ").append(accept_key).append("\r\nServer: helpchat\r\n\r\n");
  out().control.queue_raw(response);
  last_heard_ = clock::now();
  shard_->add(*this);
  open_ = true;
  shard_->handler().on_open(*this);
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
  auto scratch = shard_->scratch();
  for (int reads = 0; reads < reads_per_turn; ++reads) {
    const std::size_t n = socket_.read_some(asio::buffer(scratch.data(), scratch.size()), ec);
    // The socket is drained: its next bytes will wake the wait (epoll is edge-triggered).
    if (would_block(ec)) return wait_readable();
    if (ec) return finish(ec, "read");
    // While closing, last_heard_ keeps the closing deadline: a peer that keeps talking does not extend it.
    if (closing_ == closing_stage::none) {
      last_heard_ = clock::now();
      ping_sent_ = false;
    }
    parser_.parse(scratch.first(n), *this);
    if (finished_) return;
  }
  // Still more to read: come back after the other connections' handlers, without waiting for a new edge.
  asio::post(socket_.get_executor(), [self = shared_from_this()] { self->on_readable({}); });
}

void websocket_connection::on_message(opcode kind, std::string_view payload) {
  if (closing_ != closing_stage::none) return;
  if (kind != opcode::text) return close(close_code::unsupported_data, "Solo se aceptan mensajes de texto (JSON).");
  shard_->handler().on_message(*this, payload);
}

void websocket_connection::on_ping(std::string_view payload) {
  if (closing_ != closing_stage::none || !shard_->handler().on_ping(*this)) return;
  // Replaces a pong still waiting (so this adds at most 127 bytes, once), and counts against the bound from now.
  out().control.queue_pong(payload);
  if (admit(0)) post_flush();
}

void websocket_connection::on_pong(std::string_view) {}  // last_heard_ is already up to date

void websocket_connection::on_close(std::optional<std::uint16_t> code, std::string_view) {
  peer_closed_ = true;
  if (closing_ == closing_stage::sent) return finish({}, "closed");  // the handshake we started is complete
  // Ours is on its way; once it is written the handshake is complete (on_written).
  if (closing_ != closing_stage::none) return;
  // The peer started it: answer with its code (RFC 6455 5.5.1); what we had queued will not be read.
  drop_queue();
  start_closing(code ? encode_close_payload(*code, {}) : std::string());
}

void websocket_connection::on_protocol_error(std::uint16_t code, std::string_view why) {
  shard_->log().debug("websocket_protocol_error",
                      {{"connection", id_.value}, {"code", code}, {"why", std::string(why)}});
  if (closing_ != closing_stage::none) return finish({}, "protocol error while closing");
  drop_queue();
  start_closing(encode_close_payload(code, code == 1007   ? "El texto no es UTF-8 válido."
                                           : code == 1009 ? "Mensaje demasiado grande."
                                                          : "Error de protocolo WebSocket."));
}

// ---- writing --------------------------------------------------------------------------------------------------

void websocket_connection::send(std::shared_ptr<const std::string> messages) {
  if (finished_ || closing_ != closing_stage::none || !admit(messages->size())) return;
  queued_data_bytes_ += messages->size();
  queue_.push_back(std::move(messages));
  post_flush();
}

std::size_t websocket_connection::queued_bytes() const {
  if (!out_) return queued_data_bytes_;
  std::size_t close_frame =
      closing_ == closing_stage::queued || closing_ == closing_stage::in_flight ? out_->close_payload.size() + 2 : 0;
  return queued_data_bytes_ + out_->control.size() + out_->writing_control.size() + close_frame;
}

bool websocket_connection::admit(std::size_t bytes) {
  if (queued_bytes() + bytes <= shard_->limits().max_queued_bytes) return true;
  // The client is not keeping up. Drop what it has not been sent and close with "try again later": it resumes
  // from its last seq, and meanwhile costs the others nothing.
  drop_queue();
  shard_->log().info("slow_consumer_closed", {{"connection", id_.value}});
  close(close_code::try_again_later, "Conexión demasiado lenta; reconecte para continuar.");
  return false;
}

void websocket_connection::close(close_code code, std::string_view reason) {
  if (finished_ || closing_ != closing_stage::none) return;
  start_closing(encode_close_payload(static_cast<std::uint16_t>(code), reason));
}

void websocket_connection::drop_queue() {
  for (const auto& chunk : queue_) queued_data_bytes_ -= chunk->size();
  queue_.clear();
}

void websocket_connection::start_closing(std::string close_payload) {
  closing_ = closing_stage::queued;
  last_heard_ = clock::now();
  out().close_payload = std::move(close_payload);
  post_flush();
}

websocket_connection::outgoing& websocket_connection::out() {
  if (!out_) out_ = std::make_unique<outgoing>();
  return *out_;
}

void websocket_connection::post_flush() {
  // Cork until the handlers already queued on this thread have run: a fan-out that is behind delivers several
  // batches before this write starts, and they leave in one frame and one syscall instead of one each.
  if (write_posted_ || parked_) return;
  write_posted_ = true;
  asio::post(socket_.get_executor(), [self = shared_from_this()] { self->flush(); });
}

void websocket_connection::flush() {
  write_posted_ = false;
  if (finished_ || parked_) return;  // a parked write comes back here when it is done
  static constexpr char open_bracket = '[';
  static constexpr char comma = ',';
  static constexpr char close_bracket = ']';
  // Gathered on the stack: most writes are taken whole at once and need nothing kept.
  buffer_list buffers;
  if (out_ && !out_->control.empty()) {
    out_->control.take(out_->writing_control);
    buffers.emplace_back(out_->writing_control.data(), out_->writing_control.size());
  }
  if (!queue_.empty()) {
    std::size_t payload = queue_.size() + 1;  // brackets and commas
    for (const auto& chunk : queue_) payload += chunk->size();
    const std::size_t header_length = encode_frame_header(header_, opcode::text, payload);
    buffers.emplace_back(header_.data(), header_length);
    buffers.emplace_back(&open_bracket, 1);
    for (std::size_t i = 0; i < queue_.size(); ++i) {
      if (i > 0) buffers.emplace_back(&comma, 1);
      buffers.emplace_back(queue_[i]->data(), queue_[i]->size());
    }
    buffers.emplace_back(&close_bracket, 1);
  }
  if (closing_ == closing_stage::queued) {
    // Our close frame goes after everything queued before close(); nothing is queued after it.
    closing_ = closing_stage::in_flight;
    auto& out = *out_;
    const std::size_t header_length = encode_frame_header(out.close_header, opcode::close, out.close_payload.size());
    buffers.emplace_back(out.close_header.data(), header_length);
    buffers.emplace_back(out.close_payload.data(), out.close_payload.size());
  }
  if (buffers.empty()) return;
  std::size_t first = 0;
  boost::system::error_code ec;
  write_nonblocking(socket_, buffers, first, ec);
  if (would_block(ec)) return park(buffers, first);
  if (ec) return finish(ec, "write");
  on_written(queue_);
}

void websocket_connection::park(buffer_list& buffers, std::size_t first) {
  // The socket is full. Keep what it has not taken, and the chunks it points into, until it is writable again;
  // sends meanwhile queue up for the next frame.
  auto& out = this->out();
  out.unsent.assign(buffers.begin() + static_cast<std::ptrdiff_t>(first), buffers.end());
  out.writing.swap(queue_);
  parked_ = true;
  socket_.async_wait(tcp::socket::wait_write, [self = shared_from_this()](boost::system::error_code ec) {
    if (self->finished_) return;
    if (ec) return self->finish(ec, "write");
    self->write_parked();
  });
}

void websocket_connection::write_parked() {
  auto& out = *out_;
  std::size_t first = 0;
  boost::system::error_code ec;
  write_nonblocking(socket_, out.unsent, first, ec);
  out.unsent.erase(out.unsent.begin(), out.unsent.begin() + static_cast<std::ptrdiff_t>(first));
  if (would_block(ec)) {
    socket_.async_wait(tcp::socket::wait_write, [self = shared_from_this()](boost::system::error_code wait_ec) {
      if (self->finished_) return;
      if (wait_ec) return self->finish(wait_ec, "write");
      self->write_parked();
    });
    return;
  }
  if (ec) return finish(ec, "write");
  parked_ = false;
  out.unsent = {};
  on_written(out.writing);
}

void websocket_connection::on_written(std::vector<std::shared_ptr<const std::string>>& chunks) {
  for (const auto& chunk : chunks) queued_data_bytes_ -= chunk->size();
  chunks.clear();
  if (out_) std::string().swap(out_->writing_control);
  if (closing_ == closing_stage::in_flight) {
    closing_ = closing_stage::sent;
    // The peer's close frame came first: the handshake is complete, and the server closes the TCP connection
    // first (RFC 6455 7.1.1).
    if (peer_closed_) return finish({}, "closed");
    // Otherwise wait for its answer, reading on (a close with unread bytes would reset the connection and could
    // destroy our close frame before the peer reads it), until its close frame, EOF or the closing deadline.
    boost::system::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_send, ignored);
    return;
  }
  if (!queue_.empty() || (out_ && !out_->control.empty()) || closing_ == closing_stage::queued) return flush();
  // Drained: an idle connection keeps no buffers (a few hundred bytes each, for thousands of listeners).
  queue_ = {};
  out_.reset();
  shard_->handler().on_drained(*this);
}

// ---- deadlines and the end ------------------------------------------------------------------------------------

void websocket_connection::check_deadlines(clock::time_point now) {
  if (finished_) return;
  const auto& limits = shard_->limits();
  if (closing_ != closing_stage::none) {
    if (now - last_heard_ >= limits.handshake_timeout) finish(asio::error::timed_out, "closing");
    return;
  }
  const auto silent = now - last_heard_;
  if (silent >= limits.websocket_idle_timeout) return finish(asio::error::timed_out, "idle");
  if (silent >= limits.websocket_idle_timeout / 2 && !ping_sent_) {
    ping_sent_ = true;
    out().control.queue_ping({});
    post_flush();
  }
}

void websocket_connection::finish(boost::system::error_code ec, const char* where) {
  if (finished_) return;
  finished_ = true;
  if (!expected_end(ec)) {
    shard_->log().debug("websocket_closed", {{"connection", id_.value}, {"where", where}, {"reason", ec.message()}});
  }
  boost::system::error_code ignored;
  socket_.close(ignored);  // pending waits end with operation_aborted and find finished_ set
  shard_->remove(*this);
  queue_.clear();
  out_.reset();
  if (open_) {
    open_ = false;
    shard_->handler().on_close(*this);
  }
}

}  // namespace helpchat::net
