#include "net/tls_websocket_session.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/websocket/error.hpp>

namespace helpchat::net {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;

tls_websocket_session::tls_websocket_session(tls_stream stream, std::shared_ptr<websocket_shard> shard,
                                             connection_id id, std::string session_cookie,
                                             address_admission::ticket admission)
    : shard_(std::move(shard)),
      id_(id),
      session_cookie_(std::move(session_cookie)),
      admission_(std::move(admission)),
      ws_(std::move(stream)) {}

tls_websocket_session::~tls_websocket_session() = default;

void tls_websocket_session::run(beast::http::request<beast::http::string_body> request) {
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = shard_->limits().handshake_timeout;
  timeouts.idle_timeout = shard_->limits().websocket_idle_timeout;
  timeouts.keep_alive_pings = true;
  ws_.set_option(timeouts);
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& response) { response.set(beast::http::field::server, "helpchat"); }));
  ws_.read_message_max(shard_->limits().max_frame_bytes);
  // Our frames are written whole from shared buffers; fragmenting would only add copies and syscalls.
  ws_.auto_fragment(false);
  // Beast answers each ping itself, from a fixed buffer and one at a time: the read that found the ping waits
  // until the pong is written, so a peer that pings without reading stops being read and holds nothing here. What
  // it cannot do is refuse: the budget is charged here, and a flood is closed with 1008 (the handler's on_ping).
  ws_.control_callback([this](websocket::frame_type kind, beast::string_view) {
    if (kind == websocket::frame_type::ping && open_ && !closing_) shard_->handler().on_ping(*this);
  });
  ws_.async_accept(request, beast::bind_front_handler(&tls_websocket_session::on_accept, shared_from_this()));
}

void tls_websocket_session::on_accept(beast::error_code ec) {
  if (ec) return finish(ec, "accept");
  open_ = true;
  shard_->handler().on_open(*this);
  do_read();
}

void tls_websocket_session::do_read() {
  ws_.async_read(read_buffer_, beast::bind_front_handler(&tls_websocket_session::on_read, shared_from_this()));
}

void tls_websocket_session::on_read(beast::error_code ec, std::size_t bytes) {
  if (ec) return finish(ec, "read");
  if (!ws_.got_text()) {
    close(close_code::unsupported_data, "Solo se aceptan mensajes de texto (JSON).");
  } else if (!closing_) {
    auto data = read_buffer_.cdata();
    shard_->handler().on_message(*this, std::string_view(static_cast<const char*>(data.data()), data.size()));
  }
  read_buffer_.consume(bytes);
  // An idle connection should not keep the largest frame it ever received.
  if (read_buffer_.capacity() > 4096) read_buffer_.shrink_to_fit();
  do_read();
}

void tls_websocket_session::send(std::shared_ptr<const std::string> messages) {
  if (finished_ || closing_) return;
  queued_bytes_ += messages->size();
  if (queued_bytes_ > shard_->limits().max_queued_bytes) {
    // The client is not keeping up. Drop what it has not been sent and close with "try again later": it resumes
    // from its last seq, and meanwhile costs the others nothing.
    for (const auto& chunk : queue_) queued_bytes_ -= chunk->size();
    queued_bytes_ -= messages->size();
    queue_.clear();
    shard_->log().info("slow_consumer_closed", {{"connection", id_.value}});
    close(close_code::try_again_later, "Conexión demasiado lenta; reconecte para continuar.");
    return;
  }
  queue_.push_back(std::move(messages));
  if (writing_.empty() && !write_posted_) {
    // Cork until the handlers already queued on this thread have run: a fan-out that is behind delivers several
    // batches before this write starts, and they leave in one frame and one syscall instead of one each.
    write_posted_ = true;
    boost::asio::post(ws_.get_executor(), [self = shared_from_this()] { self->flush(); });
  }
}

void tls_websocket_session::flush() {
  write_posted_ = false;
  if (finished_ || !writing_.empty()) return;
  if (!queue_.empty()) return do_write();
  if (closing_) do_close();
}

void tls_websocket_session::do_write() {
  static constexpr char open_bracket = '[';
  static constexpr char comma = ',';
  static constexpr char close_bracket = ']';
  writing_.swap(queue_);
  write_buffers_.clear();
  write_buffers_.reserve(writing_.size() * 2 + 1);
  write_buffers_.emplace_back(&open_bracket, 1);
  for (std::size_t i = 0; i < writing_.size(); ++i) {
    if (i > 0) write_buffers_.emplace_back(&comma, 1);
    write_buffers_.emplace_back(writing_[i]->data(), writing_[i]->size());
  }
  write_buffers_.emplace_back(&close_bracket, 1);
  ws_.text(true);
  ws_.async_write(write_buffers_, beast::bind_front_handler(&tls_websocket_session::on_write, shared_from_this()));
}

void tls_websocket_session::on_write(beast::error_code ec, std::size_t) {
  for (const auto& chunk : writing_) queued_bytes_ -= chunk->size();
  writing_.clear();
  if (ec) return finish(ec, "write");
  if (!queue_.empty()) return do_write();
  if (closing_) return do_close();
  if (write_buffers_.capacity() > 64) write_buffers_ = {};
  shard_->handler().on_drained(*this);
}

void tls_websocket_session::close(close_code code, std::string_view reason) {
  if (finished_ || closing_) return;
  closing_ = websocket::close_reason(static_cast<websocket::close_code>(code), reason);
  if (writing_.empty() && !write_posted_) do_close();
}

void tls_websocket_session::do_close() {
  ws_.async_close(*closing_, [self = shared_from_this()](beast::error_code ec) {
    // The read loop sees the close and calls finish(); only failures need handling here.
    if (ec) self->finish(ec, "close");
  });
}

void tls_websocket_session::finish(beast::error_code ec, const char* where) {
  if (finished_) return;
  finished_ = true;
  bool expected = ec == websocket::error::closed || ec == boost::asio::error::operation_aborted ||
                  ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset ||
                  ec == beast::error::timeout;
  if (!expected)
    shard_->log().debug("websocket_closed", {{"connection", id_.value}, {"where", where}, {"reason", ec.message()}});
  if (open_) {
    open_ = false;
    shard_->handler().on_close(*this);
  }
  queue_.clear();
}

}  // namespace helpchat::net
