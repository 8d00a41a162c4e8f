#include "net/http_server.hpp"

#include "net/http_session.hpp"
#include "net/listener.hpp"
#include "net/router.hpp"
#include "net/websocket_shard.hpp"

namespace helpchat::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

http_server::http_server(io_shards& shards, server_options options, static_files files, http_handler& api,
                         connection_handler& sockets, logger& log)
    : options_(std::move(options)),
      sessions_(std::make_shared<http_session_context>(
          options_.limits, std::move(files),
          router(options_.api_prefixes, options_.allowed_origins, options_.tls.has_value()), api, log)),
      listener_(std::make_unique<listener>(shards, sessions_)) {
  for (std::size_t shard = 0; shard < shards.size(); ++shard) {
    sessions_->websocket_shards.push_back(
        std::make_shared<websocket_shard>(shards.context(shard), shard, sockets, options_.limits, log));
  }
}

http_server::~http_server() = default;

result<std::uint16_t> http_server::listen() {
  boost::beast::error_code ec;
  if (options_.tls) {
    // TLS 1.2 and 1.3 only; the certificate chain and key as PEM files (e.g. from Let's Encrypt).
    tls_ = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
    tls_->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                      asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1 |
                      asio::ssl::context::single_dh_use);
    tls_->use_certificate_chain_file(options_.tls->certificate_file.string(), ec);
    if (!ec) tls_->use_private_key_file(options_.tls->key_file.string(), asio::ssl::context::pem, ec);
    if (ec) {
      return error::of(error_code::invalid_message, "TLS certificate " + options_.tls->certificate_file.string() +
                                                        " or key " + options_.tls->key_file.string() + ": " +
                                                        ec.message());
    }
  }
  auto address = asio::ip::make_address(options_.bind_address, ec);
  if (ec) return error::of(error_code::invalid_message, "bind address " + options_.bind_address + ": " + ec.message());
  if (auto failed = listener_->listen(tcp::endpoint{address, options_.port}, tls_.get())) {
    return error::of(error_code::unavailable, "cannot listen on " + options_.bind_address + ":" +
                                                  std::to_string(options_.port) + ": " + failed.message());
  }
  return listener_->port();
}

void http_server::start_accepting() { listener_->start_accepting(); }
void http_server::stop_accepting() { listener_->stop_accepting(); }

std::uint64_t http_server::accepted() const { return listener_->accepted(); }
std::uint64_t http_server::accept_failures() const { return listener_->accept_failures(); }
std::uint64_t http_server::refused() const { return listener_->refused(); }

}  // namespace helpchat::net
