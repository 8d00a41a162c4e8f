// One WebSocket connection over TLS, on Beast's websocket::stream (CppCon2018's websocket_session, with corked
// writes). Plain connections use our own leaner transport (net::websocket_connection); TLS stays on Beast because
// the read-readiness trick that saves a buffer per connection does not work through OpenSSL's buffering, and a
// deployment with thousands of officials terminates TLS in nginx anyway (docs/deploy.md).
//
// Lifetime: only pending I/O keeps it alive (each handler binds shared_from_this()). All of its handlers run on
// its shard's single thread, so its members need no lock.
//
// Connection lifecycle:
//   accepting ──on_accept──▶ open (read loop running; handler.on_open) ──read fails / closed──▶ done
//   (handler.on_close, exactly once). close() from the application: open ──close()──▶ closing (queued data is
//   written, then the close frame) ──▶ done.
//
// Control frames are Beast's: it answers pings with one pong at a time from a fixed buffer (reading waits for that
// pong), and sends its own keep-alive ping and close frame the same way; only JSON is queued here, against
// limits::max_queued_bytes. Pings are charged to the handler's budget like messages (connection_handler::on_ping).
//
// Writes coalesce (DESIGN.md invariant 6): send() appends a shared chunk to queue_; if no write is in flight the
// whole queue leaves as one frame "[" chunk "," chunk … "]" in one gathered write, without copying the chunks.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <memory>
#include <optional>
#include <vector>

#include "common/limits.hpp"
#include "common/logger.hpp"
#include "net/address_admission.hpp"
#include "net/connection.hpp"
#include "net/websocket_shard.hpp"

namespace helpchat::net {

class tls_websocket_session final : public connection, public std::enable_shared_from_this<tls_websocket_session> {
 public:
  using tls_stream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

  // `admission` is held for the connection's life: it counts the connection against its address's limit.
  tls_websocket_session(tls_stream stream, std::shared_ptr<websocket_shard> shard, connection_id id,
                        std::string session_cookie, address_admission::ticket admission);
  ~tls_websocket_session() override;

  // Completes the upgrade that `request` asked for, then starts reading.
  void run(boost::beast::http::request<boost::beast::http::string_body> request);

  connection_id id() const override { return id_; }
  std::size_t shard() const override { return shard_->index(); }
  std::string_view remote_address() const override { return admission_.address(); }
  std::string_view session_cookie() const override { return session_cookie_; }
  void send(std::shared_ptr<const std::string> messages) override;
  void close(close_code code, std::string_view reason) override;

 private:
  void on_accept(boost::beast::error_code ec);
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void flush();
  void do_write();
  void on_write(boost::beast::error_code ec, std::size_t bytes);
  void do_close();
  void finish(boost::beast::error_code ec, const char* where);

  // Constant after construction.
  const std::shared_ptr<websocket_shard> shard_;  // the handler, limits and log
  const connection_id id_;
  const std::string session_cookie_;
  const address_admission::ticket admission_;

  // Only on the shard's thread.
  boost::beast::websocket::stream<tls_stream> ws_;
  boost::beast::flat_buffer read_buffer_;
  std::vector<std::shared_ptr<const std::string>> queue_;    // waiting for the next write
  std::vector<std::shared_ptr<const std::string>> writing_;  // in the write in flight (kept alive until it ends)
  std::vector<boost::asio::const_buffer> write_buffers_;
  std::size_t queued_bytes_ = 0;  // queue_ and writing_ together
  std::optional<boost::beast::websocket::close_reason> closing_;
  bool write_posted_ = false;  // a do_write is posted and has not run yet
  bool open_ = false;          // on_open was called and on_close not yet
  bool finished_ = false;      // on_close was called
};

}  // namespace helpchat::net
