#include "net/http_server.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <cctype>
#include <nlohmann/json.hpp>

#include "net/address_admission.hpp"
#include "net/router.hpp"
#include "net/tls_websocket_session.hpp"
#include "net/websocket_connection.hpp"

namespace helpchat::net {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct http_server::context {
  context(server_options opts, static_files served, http_handler& api_handler, connection_handler& socket_handler,
          logger& logs)
      : options(std::move(opts)),
        files(std::move(served)),
        routes(options.api_prefixes, options.allowed_origins, options.tls.has_value()),
        api(api_handler),
        sockets(socket_handler),
        log(logs) {}

  server_options options;
  static_files files;
  router routes;
  http_handler& api;
  connection_handler& sockets;
  logger& log;
  std::atomic<std::uint64_t> next_connection{1};
  address_admission per_address;
  std::size_t shard_count = 1;
  // Per shard, what its WebSocket connections share (the handler, limits and log; for plain ones the scratch
  // buffer and the deadline sweep).
  std::vector<std::shared_ptr<websocket_shard>> websocket_shards;

  connection_id new_connection_id(std::size_t shard) {
    // The shard sits in the low byte, so the application can route by id alone.
    return connection_id{(next_connection.fetch_add(1) << 8) | shard};
  }
};

namespace {

// 16 bytes in base64: 22 characters of the alphabet and "==".
bool is_websocket_key(std::string_view key) {
  if (key.size() != 24 || !key.ends_with("==")) return false;
  for (char c : key.substr(0, 22)) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '/') return false;
  }
  return true;
}

http_response error_response(const http_request& request, http::status status, std::string_view code,
                             std::string_view message) {
  http_response response{status, request.version()};
  response.set(http::field::content_type, "application/json; charset=utf-8");
  response.set(http::field::cache_control, "no-store");
  add_security_headers(response);
  // `replace`: a second line of defence behind check_request(), so a message can never make the encoder throw.
  response.body() = nlohmann::json{{"error", {{"code", code}, {"message", message}}}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
  response.prepare_payload();
  return response;
}

// One HTTP connection, until it closes or becomes a WebSocket (Beast's advanced server, trimmed). `Stream` is
// `tcp_stream` or, with TLS, `ssl_stream<tcp_stream>`.
template <class Stream>
class http_session : public std::enable_shared_from_this<http_session<Stream>> {
  static constexpr bool is_tls = !std::is_same_v<Stream, beast::tcp_stream>;

 public:
  template <class... TlsContext>
  http_session(tcp::socket socket, std::size_t shard, std::shared_ptr<http_server::context> context,
               std::string remote_address, address_admission::ticket admission, TlsContext&... tls)
      : stream_(std::move(socket), tls...),
        shard_(shard),
        context_(std::move(context)),
        remote_address_(std::move(remote_address)),
        admission_(std::move(admission)) {}

  void run() {
    asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
      if constexpr (is_tls) {
        beast::get_lowest_layer(self->stream_).expires_after(self->context_->options.limits.handshake_timeout);
        self->stream_.async_handshake(asio::ssl::stream_base::server, [self](beast::error_code ec) {
          if (!ec) self->do_read();
        });
      } else {
        self->do_read();
      }
    });
  }

 private:
  void do_read() {
    parser_.emplace();
    parser_->body_limit(context_->options.limits.max_http_body_bytes);
    parser_->header_limit(static_cast<std::uint32_t>(context_->options.limits.max_http_header_bytes));
    beast::get_lowest_layer(stream_).expires_after(first_request_ ? context_->options.limits.handshake_timeout
                                                                  : context_->options.limits.http_idle_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&http_session::on_read, this->shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) return shutdown();
    if (ec == http::error::body_limit) {
      keep_alive_ = false;
      return send(error_response(parser_->get(), http::status::payload_too_large, "payload_too_large",
                                 "La solicitud es demasiado grande."));
    }
    if (ec) return;  // timeouts, resets, malformed requests: nothing useful to answer
    first_request_ = false;
    http_request request = parser_->release();
    keep_alive_ = request.keep_alive();
    auto target = check_request(request);
    if (!target) {
      return send(error_response(request, http::status::bad_request, to_string(target.failure().code),
                                 target.failure().message));
    }
    // `answered` makes the first answer to this request the only one: an exception after the handler has
    // answered (perhaps from another thread) must not send a second response.
    auto answered = std::make_shared<std::atomic<bool>>(false);
    const unsigned version = request.version();
    try {
      dispatch(std::move(request), std::move(target).value(), answered);
    } catch (const std::exception& e) {
      fail_internal(e.what(), version, answered);
    } catch (...) {
      fail_internal("not a std::exception", version, answered);
    }
  }

  void dispatch(http_request request, request_target target, const std::shared_ptr<std::atomic<bool>>& answered) {
    switch (context_->routes.route(request)) {
      case destination::websocket:
        return upgrade(std::move(request));
      case destination::forbidden_origin:
        context_->log.warn("websocket_origin_refused",
                           {{"origin", std::string(request[http::field::origin])}, {"remote", remote_address_}});
        keep_alive_ = false;
        return send(error_response(request, http::status::forbidden, "forbidden", "Origen no permitido."));
      case destination::not_found:
        keep_alive_ = false;
        return send(error_response(request, http::status::not_found, "not_found", "No encontrado."));
      case destination::method_not_allowed:
        return send(
            error_response(request, http::status::method_not_allowed, "method_not_allowed", "Método no permitido."));
      case destination::api: {
        http_context about{remote_address_, is_tls, std::move(target)};
        auto self = this->shared_from_this();
        auto version = request.version();
        context_->api.handle(request, about, [self, version, answered](http_response response) {
          if (answered->exchange(true)) return;
          response.version(version);
          asio::post(self->stream_.get_executor(),
                     [self, response = std::move(response)]() mutable { self->send(std::move(response)); });
        });
        return;
      }
      case destination::static_file:
        if (auto response = context_->files.respond(request)) return send(std::move(*response));
        return send(error_response(request, http::status::not_found, "not_found", "No encontrado."));
    }
  }

  // A handler threw: a bug. It is logged and this request gets 500; the process and the other connections go on.
  // The connection closes after the answer, since the handler's state for it is unknown.
  void fail_internal(std::string_view what, unsigned version, const std::shared_ptr<std::atomic<bool>>& answered) {
    context_->log.error("http_handler_threw", {{"what", what}, {"remote", remote_address_}});
    if (answered->exchange(true)) return;
    keep_alive_ = false;
    http_request shell{http::verb::get, "/", version};
    send(error_response(shell, http::status::internal_server_error, "internal", default_message(error_code::internal)));
  }

  void upgrade(http_request request) {
    auto session_cookie = cookie_value(request, "hc_session");
    auto id = context_->new_connection_id(shard_);
    if constexpr (is_tls) {
      beast::get_lowest_layer(stream_).expires_never();
      std::make_shared<tls_websocket_session>(std::move(stream_), context_->websocket_shards[shard_], id,
                                              std::move(session_cookie), std::move(admission_))
          ->run(std::move(request));
    } else {
      // RFC 6455 4.2.1: version 13 and a key of 16 bytes in base64.
      keep_alive_ = false;
      if (request[http::field::sec_websocket_version] != "13") {
        auto response = error_response(request, http::status::upgrade_required, "upgrade_required",
                                       "Versión de WebSocket no admitida.");
        response.set(http::field::sec_websocket_version, "13");
        return send(std::move(response));
      }
      const auto key = request[http::field::sec_websocket_key];
      if (!is_websocket_key(key)) {
        return send(error_response(request, http::status::bad_request, "bad_request", "Sec-WebSocket-Key no válida."));
      }
      beast::get_lowest_layer(stream_).expires_never();
      const auto& shard_state = context_->websocket_shards[shard_];
      beast::error_code ec;
      auto socket = shard_state->adopt(stream_.release_socket(), ec);
      if (ec) return;  // the peer is already gone
      std::make_shared<websocket_connection>(std::move(socket), shard_state, id, std::move(session_cookie),
                                             std::move(admission_))
          ->run(websocket_accept_key(key));
    }
  }

  void send(http_response response) {
    response.keep_alive(keep_alive_);
    response_ = std::make_shared<http_response>(std::move(response));
    beast::get_lowest_layer(stream_).expires_after(context_->options.limits.handshake_timeout);
    http::async_write(stream_, *response_,
                      beast::bind_front_handler(&http_session::on_write, this->shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    response_.reset();
    if (ec) return;
    if (!keep_alive_) return shutdown();
    do_read();
  }

  void shutdown() {
    if constexpr (is_tls) {
      beast::get_lowest_layer(stream_).expires_after(context_->options.limits.handshake_timeout);
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {});
    } else {
      beast::error_code ec;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    }
  }

  Stream stream_;
  const std::size_t shard_;
  std::shared_ptr<http_server::context> context_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<http_response> response_;
  std::string remote_address_;
  address_admission::ticket admission_;
  bool keep_alive_ = false;
  bool first_request_ = true;
};

}  // namespace

http_server::http_server(io_shards& shards, server_options options, static_files files, http_handler& api,
                         connection_handler& sockets, logger& log)
    : shards_(shards),
      context_(std::make_shared<context>(std::move(options), std::move(files), api, sockets, log)),
      acceptor_(shards.context(0)),
      backoff_(shards.context(0)) {
  context_->shard_count = shards.size();
  for (std::size_t shard = 0; shard < shards.size(); ++shard) {
    context_->websocket_shards.push_back(
        std::make_shared<websocket_shard>(shards.context(shard), shard, sockets, context_->options.limits, log));
  }
}

http_server::~http_server() = default;

result<std::uint16_t> http_server::listen() {
  beast::error_code ec;
  if (context_->options.tls) {
    // TLS 1.2 and 1.3 only; the certificate chain and key as PEM files (e.g. from Let's Encrypt).
    tls_ = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
    tls_->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                      asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1 |
                      asio::ssl::context::single_dh_use);
    tls_->use_certificate_chain_file(context_->options.tls->certificate_file.string(), ec);
    if (!ec) tls_->use_private_key_file(context_->options.tls->key_file.string(), asio::ssl::context::pem, ec);
    if (ec) {
      return error::of(error_code::invalid_message, "TLS certificate " +
                                                        context_->options.tls->certificate_file.string() + " or key " +
                                                        context_->options.tls->key_file.string() + ": " + ec.message());
    }
  }
  auto address = asio::ip::make_address(context_->options.bind_address, ec);
  if (ec)
    return error::of(error_code::invalid_message,
                     "bind address " + context_->options.bind_address + ": " + ec.message());
  tcp::endpoint endpoint{address, context_->options.port};
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return error::of(error_code::unavailable, "cannot listen on " + context_->options.bind_address + ":" +
                                                  std::to_string(context_->options.port) + ": " + ec.message());
  }
  return acceptor_.local_endpoint().port();
}

void http_server::start_accepting() {
  accepting_ = true;
  asio::post(acceptor_.get_executor(), [this] { do_accept(); });
}

void http_server::stop_accepting() {
  accepting_ = false;
  asio::post(acceptor_.get_executor(), [this] {
    beast::error_code ec;
    acceptor_.close(ec);
    backoff_.cancel();
  });
}

void http_server::do_accept() {
  if (!accepting_) return;
  std::size_t shard = next_shard_;
  next_shard_ = (next_shard_ + 1) % shards_.size();
  acceptor_.async_accept(shards_.context(shard), [this, shard](beast::error_code ec, tcp::socket socket) {
    on_accept(shard, ec, std::move(socket));
  });
}

void http_server::on_accept(std::size_t shard, beast::error_code ec, tcp::socket socket) {
  if (!accepting_) return;
  if (ec) {
    ++accept_failures_;
    if (ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space || ec.value() == ENFILE ||
        ec.value() == ENOMEM) {
      // Out of file descriptors: the pending connection stays in the backlog; try again once some are freed.
      context_->log.warn("accept_backoff", {{"reason", ec.message()}});
      backoff_.expires_after(context_->options.limits.accept_backoff);
      backoff_.async_wait([this](beast::error_code wait_ec) {
        if (!wait_ec) do_accept();
      });
      return;
    }
    if (ec == asio::error::operation_aborted) return;
    context_->log.warn("accept_failed", {{"reason", ec.message()}});
    return do_accept();
  }
  ++accepted_;
  beast::error_code ignored;
  auto remote = socket.remote_endpoint(ignored);
  std::string address = ignored ? std::string("unknown") : remote.address().to_string();
  auto admission = context_->per_address.admit(address, context_->options.limits.max_connections_per_address);
  if (!admission) {
    // Too many connections from one address: close at once, before any per-connection memory is spent.
    ++refused_;
    socket.close(ignored);
    return do_accept();
  }
  socket.set_option(tcp::no_delay(true), ignored);
  if (tls_) {
    std::make_shared<http_session<beast::ssl_stream<beast::tcp_stream>>>(
        std::move(socket), shard, context_, std::move(address), std::move(admission), *tls_)
        ->run();
  } else {
    std::make_shared<http_session<beast::tcp_stream>>(std::move(socket), shard, context_, std::move(address),
                                                      std::move(admission))
        ->run();
  }
  do_accept();
}

}  // namespace helpchat::net
