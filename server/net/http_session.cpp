#include "net/http_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <cctype>
#include <nlohmann/json.hpp>

#include "net/tls_websocket_session.hpp"
#include "net/websocket_connection.hpp"

namespace helpchat::net {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

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

}  // namespace

template <class Stream>
void http_session<Stream>::run() {
  asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
    if constexpr (is_tls) {
      beast::get_lowest_layer(self->stream_).expires_after(self->context_->limits.handshake_timeout);
      self->stream_.async_handshake(asio::ssl::stream_base::server, [self](beast::error_code ec) {
        if (!ec) self->do_read();
      });
    } else {
      self->do_read();
    }
  });
}

template <class Stream>
void http_session<Stream>::do_read() {
  parser_.emplace();
  parser_->body_limit(context_->limits.max_http_body_bytes);
  parser_->header_limit(static_cast<std::uint32_t>(context_->limits.max_http_header_bytes));
  beast::get_lowest_layer(stream_).expires_after(first_request_ ? context_->limits.handshake_timeout
                                                                : context_->limits.http_idle_timeout);
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&http_session::on_read, this->shared_from_this()));
}

template <class Stream>
void http_session<Stream>::on_read(beast::error_code ec, std::size_t) {
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
    return send(
        error_response(request, http::status::bad_request, to_string(target.failure().code), target.failure().message));
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

template <class Stream>
void http_session<Stream>::dispatch(http_request request, request_target target,
                                    const std::shared_ptr<std::atomic<bool>>& answered) {
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

template <class Stream>
void http_session<Stream>::fail_internal(std::string_view what, unsigned version,
                                         const std::shared_ptr<std::atomic<bool>>& answered) {
  context_->log.error("http_handler_threw", {{"what", what}, {"remote", remote_address_}});
  if (answered->exchange(true)) return;
  keep_alive_ = false;
  http_request shell{http::verb::get, "/", version};
  send(error_response(shell, http::status::internal_server_error, "internal", default_message(error_code::internal)));
}

template <class Stream>
void http_session<Stream>::upgrade(http_request request) {
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

template <class Stream>
void http_session<Stream>::send(http_response response) {
  response.keep_alive(keep_alive_);
  response_ = std::make_shared<http_response>(std::move(response));
  beast::get_lowest_layer(stream_).expires_after(context_->limits.handshake_timeout);
  http::async_write(stream_, *response_, beast::bind_front_handler(&http_session::on_write, this->shared_from_this()));
}

template <class Stream>
void http_session<Stream>::on_write(beast::error_code ec, std::size_t) {
  response_.reset();
  if (ec) return;
  if (!keep_alive_) return shutdown();
  do_read();
}

template <class Stream>
void http_session<Stream>::shutdown() {
  if constexpr (is_tls) {
    beast::get_lowest_layer(stream_).expires_after(context_->limits.handshake_timeout);
    stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {});
  } else {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }
}

template class http_session<beast::tcp_stream>;
template class http_session<beast::ssl_stream<beast::tcp_stream>>;

}  // namespace helpchat::net
