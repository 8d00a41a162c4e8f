#include "client.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket/error.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

namespace bench {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using tcp = boost::asio::ip::tcp;

namespace {

// Valid municipal DANE codes (DIVIPOLA): Medellín, Bogotá, Cali, Barranquilla.
constexpr const char* dane_codes[] = {"05001", "11001", "76001", "08001"};

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

client::client(worker& w, const run_config& config, std::uint32_t index, client_role role, bool slow)
    : worker_(w),
      stats_(w.stats()),
      config_(config),
      index_(index),
      role_(role),
      slow_(slow),
      group_(slow ? slow_group : normal_group) {}

void client::start(std::uint64_t since) {
  since_ = since;
  last_seq_ = since;
  started_ = std::chrono::steady_clock::now();
  connect();
}

void client::connect() {
  ws_ = std::make_shared<ws_stream>(worker_.context());
  outbox_.clear();
  fragments_.clear();
  pong_due_ = false;
  writing_ = false;
  reading_ = false;
  joined_ = false;
  buffer_.clear();
  auto& tcp_layer = beast::get_lowest_layer(*ws_);
  beast::error_code ec;
  tcp_layer.socket().open(tcp::v4(), ec);
  if (ec) return fail(ec, "socket");
  // A slow client is slow once: after a resume it reads like the others.
  if (slow_ && !ever_joined_) {
    tcp_layer.socket().set_option(boost::asio::socket_base::receive_buffer_size(config_.slow_receive_buffer), ec);
  }
  tcp_layer.socket().set_option(tcp::no_delay(true), ec);
  tcp_layer.expires_after(config_.join_timeout);
  tcp_layer.async_connect(config_.endpoint, beast::bind_front_handler(&client::on_connect, shared_from_this(), ws_));
}

void client::on_connect(stream_ptr ws, beast::error_code ec) {
  if (ws != ws_) return;
  if (ec) return fail(ec, "connect");
  if (role_ == client_role::publisher && !config_.moderator_cookie.empty()) {
    ws->set_option(websocket::stream_base::decorator([cookie = config_.moderator_cookie](websocket::request_type& req) {
      req.set(beast::http::field::cookie, cookie);
    }));
  }
  ws->async_handshake(config_.host, config_.path,
                      beast::bind_front_handler(&client::on_handshake, shared_from_this(), ws));
}

void client::on_handshake(stream_ptr ws, beast::error_code ec) {
  if (ws != ws_) return;
  if (ec) return fail(ec, "upgrade");
  if (config_.target == target_kind::helpchat) {
    send(join_command());
    do_read();  // joined when `synced` arrives
  } else {
    on_joined();
    do_read();
  }
}

std::string client::join_command() const {
  std::string j = R"({"type":"join","v":1,"session":)" + std::to_string(config_.session);
  if (role_ == client_role::publisher && !config_.moderator_cookie.empty()) {
    j += R"(,"as":"moderator")";
  } else if (!token_.empty()) {
    j += R"(,"as":"official","token":")" + token_ + '"';
  } else {
    j += R"(,"as":"official","official":{"name":"Funcionario de prueba )" + std::to_string(index_) +
         R"(","position":"Secretario de planeación","entity_type":"alcaldia","dane_code":")" +
         dane_codes[index_ % std::size(dane_codes)] + R"("})";
  }
  j += R"(,"since":)" + std::to_string(last_seq_) + "}";
  return j;
}

void client::on_joined() {
  joined_ = true;
  beast::get_lowest_layer(*ws_).expires_never();
  if (ever_joined_) {
    stats_.rejoined.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  ever_joined_ = true;
  stats_.connect.record(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - started_).count());
  stats_.joined.fetch_add(1, std::memory_order_relaxed);
}

void client::do_read() {
  if (reading_ || paused_ || stopping_) return;
  reading_ = true;
  beast::get_lowest_layer(*ws_).async_read_some(buffer_.prepare(16 * 1024),
                                                beast::bind_front_handler(&client::on_read, shared_from_this(), ws_));
}

void client::on_read(stream_ptr ws, beast::error_code ec, std::size_t bytes) {
  if (ws != ws_) return;
  reading_ = false;
  if (ec) return fail(ec, "read");
  buffer_.commit(bytes);
  if (!take_frames() || failed_) return;
  if (buffer_.size() == 0 && buffer_.capacity() > 64 * 1024) buffer_.shrink_to_fit();  // after a long replay
  do_read();
}

bool client::take_frames() {
  for (;;) {
    const auto data = buffer_.cdata();
    const auto* p = static_cast<const std::uint8_t*>(data.data());
    const std::size_t size = data.size();
    if (size < 2) return true;
    const bool fin = (p[0] & 0x80) != 0;
    const int op = p[0] & 0x0F;
    std::uint64_t length = p[1] & 0x7F;
    std::size_t header = 2;
    if (length == 126) {
      if (size < 4) return true;
      length = (std::uint64_t{p[2]} << 8) | p[3];
      header = 4;
    } else if (length == 127) {
      if (size < 10) return true;
      length = 0;
      for (int i = 2; i < 10; ++i) length = (length << 8) | p[i];
      header = 10;
    }
    if ((p[1] & 0x80) != 0) return fail(websocket::error::bad_masked_frame, "read: masked server frame"), false;
    if (size - header < length) return true;
    const std::string_view payload(reinterpret_cast<const char*>(p) + header, length);
    switch (op) {
      case 0x0:  // continuation
      case 0x1:  // text
      case 0x2:  // binary
        if (fin && fragments_.empty()) {
          process(payload);
        } else {
          fragments_.append(payload);
          if (fin) {
            process(fragments_);
            fragments_.clear();
          }
        }
        break;
      case 0x8: {  // close: the server ends the connection (its code says why)
        const std::uint16_t code = length >= 2 ? static_cast<std::uint16_t>((p[header] << 8) | p[header + 1]) : 1005;
        beast::get_lowest_layer(*ws_).close();
        fail(websocket::error::closed, "read", code);
        return false;
      }
      case 0x9:  // ping
        pong_due_ = true;
        do_write();
        break;
      default:  // pong, or reserved: nothing to do
        break;
    }
    if (failed_) return false;
    buffer_.consume(header + length);
  }
}

void client::process(std::string_view frame) {
  if (config_.target != target_kind::helpchat) {
    if (auto m = find_marker(frame); m && role_ == client_role::receiver && m->tag < max_tags) {
      ++received_;
      stats_.received[group_][m->tag].fetch_add(1, std::memory_order_relaxed);
      stats_.latency[group_][m->tag].record(now_ns() - m->sent_ns);
    }
    return;
  }

  const bool control = !joined_ || role_ != client_role::receiver || counts_replies_;
  scan_helpchat_frame(frame, control, scratch_);
  if (!scratch_.is_array) stats_.not_array.fetch_add(1, std::memory_order_relaxed);
  const std::int64_t now = scratch_.events.empty() ? 0 : now_ns();
  for (const auto& e : scratch_.events) {
    if (e.seq != 0) {
      if (e.seq <= last_seq_) {
        stats_.duplicates.fetch_add(1, std::memory_order_relaxed);
        continue;
      }
      if (e.seq > last_seq_ + 1) stats_.gaps.fetch_add(e.seq - last_seq_ - 1, std::memory_order_relaxed);
      last_seq_ = e.seq;
    }
    if (!e.question_event) continue;
    if (e.measured && role_ == client_role::receiver && e.measured->tag < max_tags) {
      ++received_;
      stats_.received[group_][e.measured->tag].fetch_add(1, std::memory_order_relaxed);
      stats_.latency[group_][e.measured->tag].record(now - e.measured->sent_ns);
    } else if (e.pool_index >= 0 && role_ == client_role::publisher &&
               static_cast<std::uint64_t>(e.pool_index) % publisher_count_ == publisher_slot_ && e.question_id > 0) {
      pool_.push_back(e.question_id);
      stats_.pool_collected.fetch_add(1, std::memory_order_relaxed);
    }
  }
  if (role_ != client_role::receiver) {
    auto seen = stats_.max_seq.load(std::memory_order_relaxed);
    while (last_seq_ > seen && !stats_.max_seq.compare_exchange_weak(seen, last_seq_)) {
    }
  }
  if (!control) return;
  if (scratch_.token) token_ = *scratch_.token;
  if (scratch_.acks) stats_.acks.fetch_add(scratch_.acks, std::memory_order_relaxed);
  if (scratch_.errors) {
    if (stats_.first_error.empty()) stats_.first_error = scratch_.first_error;
    if (!joined_) {
      failed_ = true;
      stats_.join_failed.fetch_add(1, std::memory_order_relaxed);
      beast::get_lowest_layer(*ws_).close();
      return;
    }
    stats_.refused.fetch_add(scratch_.errors, std::memory_order_relaxed);
  }
  if (scratch_.synced_last_seq && !joined_) on_joined();
}

void client::send(std::string frame) {
  outbox_.push_back(std::make_shared<const std::string>(std::move(frame)));
  do_write();
}

void client::do_write() {
  if (writing_ || !ws_ || failed_ || stopping_) return;
  if (pong_due_) {
    pong_due_ = false;
    writing_ = true;
    ws_->async_pong({}, [self = shared_from_this(), ws = ws_](beast::error_code ec) {
      if (ws != self->ws_) return;
      self->writing_ = false;
      if (!ec) self->do_write();
    });
    return;
  }
  if (outbox_.empty()) return;
  writing_ = true;
  auto frame = outbox_.front();
  ws_->text(true);
  ws_->async_write(boost::asio::buffer(*frame),
                   beast::bind_front_handler(&client::on_write, shared_from_this(), ws_, frame));
}

void client::on_write(stream_ptr ws, std::shared_ptr<const std::string>, beast::error_code ec, std::size_t) {
  if (ws != ws_) return;
  writing_ = false;
  if (ec) return;  // the read loop sees the failure too and reports it once
  outbox_.pop_front();
  do_write();
}

void client::stop_reading() { paused_ = true; }

void client::resume_reading() {
  paused_ = false;
  if (ws_ && !failed_ && !reading_) do_read();
}

void client::close() {
  if (stopping_) return;
  stopping_ = true;
  if (ws_) beast::get_lowest_layer(*ws_).close();
}

void client::fail(beast::error_code ec, const char* where, std::uint16_t close_code) {
  if (stopping_ || failed_) return;
  if (!joined_ && !ever_joined_) {
    failed_ = true;
    stats_.join_failed.fetch_add(1, std::memory_order_relaxed);
    if (stats_.first_error.empty()) stats_.first_error = std::string(where) + ": " + ec.message();
    return;
  }
  // A live connection ended without our asking.
  const bool closed_by_server = ec == websocket::error::closed;
  const auto code = static_cast<websocket::close_code>(close_code);
  if (code == websocket::close_code::try_again_later) {
    stats_.closes_1013.fetch_add(1, std::memory_order_relaxed);
  } else {
    stats_.unexpected_closes.fetch_add(1, std::memory_order_relaxed);
    if (code != websocket::close_code::none) stats_.closed_other_code.fetch_add(1, std::memory_order_relaxed);
    if (stats_.first_close.empty()) {
      stats_.first_close = std::string(where) + ": " + ec.message() +
                           (closed_by_server ? " (code " + std::to_string(static_cast<int>(code)) + ")" : "");
    }
  }
  if (config_.resume_after_close && role_ == client_role::receiver && !token_.empty() &&
      config_.target == target_kind::helpchat && ++resumes_ <= 20) {
    // Resume: the same participant, every event after the last seq seen, no gap and no duplicate (protocol.md).
    started_ = std::chrono::steady_clock::now();
    connect();
    return;
  }
  failed_ = true;
  joined_ = false;
}

}  // namespace bench
