#include "net/listener.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "net/http_session.hpp"

namespace helpchat::net {

namespace beast = boost::beast;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

listener::listener(io_shards& shards, std::shared_ptr<http_session_context> sessions)
    : shards_(shards), sessions_(std::move(sessions)), acceptor_(shards.context(0)), backoff_(shards.context(0)) {}

beast::error_code listener::listen(const tcp::endpoint& endpoint, asio::ssl::context* tls) {
  tls_ = tls;
  beast::error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  return ec;
}

void listener::start_accepting() {
  accepting_ = true;
  asio::post(acceptor_.get_executor(), [this] { do_accept(); });
}

void listener::stop_accepting() {
  accepting_ = false;
  asio::post(acceptor_.get_executor(), [this] {
    beast::error_code ec;
    acceptor_.close(ec);
    backoff_.cancel();
  });
}

void listener::do_accept() {
  if (!accepting_) return;
  std::size_t shard = next_shard_;
  next_shard_ = (next_shard_ + 1) % shards_.size();
  acceptor_.async_accept(shards_.context(shard), [this, shard](beast::error_code ec, tcp::socket socket) {
    on_accept(shard, ec, std::move(socket));
  });
}

void listener::on_accept(std::size_t shard, beast::error_code ec, tcp::socket socket) {
  if (!accepting_) return;
  if (ec) {
    ++accept_failures_;
    if (ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space || ec.value() == ENFILE ||
        ec.value() == ENOMEM) {
      // Out of file descriptors: the pending connection stays in the backlog; try again once some are freed.
      sessions_->log.warn("accept_backoff", {{"reason", ec.message()}});
      backoff_.expires_after(sessions_->limits.accept_backoff);
      backoff_.async_wait([this](beast::error_code wait_ec) {
        if (!wait_ec) do_accept();
      });
      return;
    }
    if (ec == asio::error::operation_aborted) return;
    sessions_->log.warn("accept_failed", {{"reason", ec.message()}});
    return do_accept();
  }
  ++accepted_;
  beast::error_code ignored;
  auto remote = socket.remote_endpoint(ignored);
  std::string address = ignored ? std::string("unknown") : remote.address().to_string();
  auto admission = per_address_.admit(address, sessions_->limits.max_connections_per_address);
  if (!admission) {
    // Too many connections from one address: close at once, before any per-connection memory is spent.
    ++refused_;
    socket.close(ignored);
    return do_accept();
  }
  socket.set_option(tcp::no_delay(true), ignored);
  if (tls_) {
    std::make_shared<http_session<beast::ssl_stream<beast::tcp_stream>>>(
        std::move(socket), shard, sessions_, std::move(address), std::move(admission), *tls_)
        ->run();
  } else {
    std::make_shared<http_session<beast::tcp_stream>>(std::move(socket), shard, sessions_, std::move(address),
                                                      std::move(admission))
        ->run();
  }
  do_accept();
}

}  // namespace helpchat::net
