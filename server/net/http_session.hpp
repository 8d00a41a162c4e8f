// One HTTP connection, from its first byte until it closes or becomes a WebSocket (Beast's advanced server,
// trimmed). One request at a time: each answer is written before the next request is read.
//
//   run() ─(TLS: handshake)─▶ do_read ─on_read─▶ dispatch ─┬─ /ws ─▶ upgrade: websocket_connection
//                               ▲                          │        (TLS: tls_websocket_session); this session ends
//                               │                          ├─ /api/…, /healthz … ─▶ http_handler, whose answer is
//                               │                          │        posted back to this session's thread
//                               │                          └─ anything else ─▶ static_files, or a JSON error
//                               └── on_write (keep-alive) ◀── send ◀─┘     (no keep-alive: shutdown)
//
// Bounds (limits): header and body size, the handshake timeout for the first request and for each answer, the idle
// timeout between requests. A body over its limit gets 413, a request check_request() refuses gets 400; a handler
// that throws gets 500 and the connection closes.
//
// Ownership: only pending I/O keeps a session alive (each handler binds shared_from_this()). It owns its stream and
// its place in address_admission (the ticket), both handed on to the WebSocket connection at an upgrade, and shares
// the http_session_context of every session of its server. `Stream` is beast::tcp_stream or, with TLS,
// beast::ssl_stream<beast::tcp_stream>; both are instantiated in http_session.cpp.
// Thread-safety: constructed by the listener, then everything runs on its shard's single thread: no lock.
#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/limits.hpp"
#include "common/logger.hpp"
#include "net/address_admission.hpp"
#include "net/http_types.hpp"
#include "net/router.hpp"
#include "net/static_files.hpp"
#include "net/websocket_shard.hpp"

namespace helpchat::net {

// What every http_session of one server shares: built by http_server, constant after construction but for the
// connection-id counter (atomic). Sessions hold it by shared_ptr, so it outlives the server while one is open.
struct http_session_context {
  http_session_context(const helpchat::limits& session_limits, static_files served, router routing,
                       http_handler& api_handler, logger& logs)
      : limits(session_limits), files(std::move(served)), routes(std::move(routing)), api(api_handler), log(logs) {}

  // The next WebSocket connection's id, with `shard` in the low byte so that the application can route by id alone.
  connection_id new_connection_id(std::size_t shard) {
    return connection_id{(next_connection.fetch_add(1) << 8) | shard};
  }

  const helpchat::limits limits;
  const static_files files;
  const router routes;
  http_handler& api;
  logger& log;
  // Per shard, what its WebSocket connections share (the handler, limits and log; for plain ones the scratch
  // buffer and the deadline sweep).
  std::vector<std::shared_ptr<websocket_shard>> websocket_shards;
  std::atomic<std::uint64_t> next_connection{1};
};

template <class Stream>
class http_session : public std::enable_shared_from_this<http_session<Stream>> {
  static constexpr bool is_tls = !std::is_same_v<Stream, boost::beast::tcp_stream>;

 public:
  // `tls`: the server's TLS context, for the TLS stream only.
  template <class... TlsContext>
  http_session(boost::asio::ip::tcp::socket socket, std::size_t shard, std::shared_ptr<http_session_context> context,
               std::string remote_address, address_admission::ticket admission, TlsContext&... tls)
      : stream_(std::move(socket), tls...),
        shard_(shard),
        context_(std::move(context)),
        remote_address_(std::move(remote_address)),
        admission_(std::move(admission)) {}

  // Starts reading (after the TLS handshake) on the socket's shard.
  void run();

 private:
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void dispatch(http_request request, request_target target, const std::shared_ptr<std::atomic<bool>>& answered);
  // A handler threw: a bug. It is logged and this request gets 500; the process and the other connections go on.
  // The connection closes after the answer, since the handler's state for it is unknown.
  void fail_internal(std::string_view what, unsigned version, const std::shared_ptr<std::atomic<bool>>& answered);
  void upgrade(http_request request);
  void send(http_response response);
  void on_write(boost::beast::error_code ec, std::size_t bytes);
  void shutdown();

  Stream stream_;
  const std::size_t shard_;
  const std::shared_ptr<http_session_context> context_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::shared_ptr<http_response> response_;  // the answer being written
  std::string remote_address_;
  address_admission::ticket admission_;
  bool keep_alive_ = false;
  bool first_request_ = true;
};

extern template class http_session<boost::beast::tcp_stream>;
extern template class http_session<boost::beast::ssl_stream<boost::beast::tcp_stream>>;

}  // namespace helpchat::net
