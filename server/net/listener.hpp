// Accepts TCP connections and starts an http_session on each (Beast's `listener`). The acceptor lives on shard 0;
// accepted sockets go to the shards in turn (round robin), and each connection stays on its shard for life.
//
//   listen() ─▶ start_accepting() ─▶ do_accept ─on_accept─┬─ its address has too many open: closed at once (refused)
//                                        ▲                 ├─ out of descriptors: wait limits.accept_backoff
//                                        │                 ├─ other failures: logged
//                                        │                 └─ http_session (TLS or plain) on shard k ─▶ run()
//                                        └─────────────────┘
//   stop_accepting(): the acceptor closes and the backoff is cancelled; open connections are not touched.
//
// The accept loop survives running out of file descriptors: on EMFILE/ENFILE it logs, waits `limits.accept_backoff`,
// and accepts again (Beast's example stops accepting for good).
//
// Ownership: owns the acceptor, its backoff timer and the count of open connections per address (each session's
// ticket keeps that count alive, so a session may outlive the listener). Shares the http_session_context with every
// session; the TLS context given to listen() must outlive the listener.
// Thread-safety: construct and listen() before the shards run. start_accepting() and stop_accepting() may be called
// from any thread (they post to shard 0, where everything else runs); the counters may be read from any thread.
#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>
#include <cstdint>
#include <memory>

#include "net/address_admission.hpp"
#include "net/io_shards.hpp"

namespace helpchat::net {

struct http_session_context;

class listener {
 public:
  listener(io_shards& shards, std::shared_ptr<http_session_context> sessions);

  // Binds `endpoint` and listens. With `tls` (null: plain HTTP), sessions speak HTTPS and WSS.
  boost::beast::error_code listen(const boost::asio::ip::tcp::endpoint& endpoint, boost::asio::ssl::context* tls);
  // The port listen() bound.
  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

  void start_accepting();
  // Stops accepting new connections (open ones are not touched).
  void stop_accepting();

  std::uint64_t accepted() const { return accepted_.load(); }
  std::uint64_t accept_failures() const { return accept_failures_.load(); }
  // Connections closed at accept because their address had too many.
  std::uint64_t refused() const { return refused_.load(); }

 private:
  void do_accept();
  void on_accept(std::size_t shard, boost::beast::error_code ec, boost::asio::ip::tcp::socket socket);

  // Constant once listening.
  io_shards& shards_;
  const std::shared_ptr<http_session_context> sessions_;
  boost::asio::ssl::context* tls_ = nullptr;

  // Only on shard 0.
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer backoff_;
  std::size_t next_shard_ = 0;

  // Thread-safe.
  address_admission per_address_;
  std::atomic<bool> accepting_{false};
  std::atomic<std::uint64_t> accepted_{0};
  std::atomic<std::uint64_t> accept_failures_{0};
  std::atomic<std::uint64_t> refused_{0};
};

}  // namespace helpchat::net
