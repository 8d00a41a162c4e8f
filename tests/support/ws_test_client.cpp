#include "support/ws_test_client.hpp"

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <stdexcept>

namespace helpchat::testing {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

ws_test_client::ws_test_client(std::uint16_t port, options opts) : ws_(io_) {
  ws_.set_option(websocket::stream_base::decorator([opts](websocket::request_type& request) {
    if (!opts.cookie.empty()) request.set(http::field::cookie, opts.cookie);
    if (!opts.origin.empty()) request.set(http::field::origin, opts.origin);
  }));
  ws_.read_message_max(64 * 1024 * 1024);
  // Asynchronous, so that the deadline also bounds a server that accepts nothing (the kernel's backlog would
  // otherwise hold the handshake forever).
  beast::error_code result = boost::asio::error::timed_out;
  beast::get_lowest_layer(ws_).expires_after(opts.connect_timeout);
  if (opts.receive_buffer_bytes > 0) {
    auto& socket = beast::get_lowest_layer(ws_).socket();
    socket.open(tcp::v4());
    socket.set_option(boost::asio::socket_base::receive_buffer_size(opts.receive_buffer_bytes));
  }
  beast::get_lowest_layer(ws_).async_connect(
      tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port), [&](beast::error_code ec) {
        if (ec) {
          result = ec;
          return;
        }
        ws_.async_handshake("127.0.0.1:" + std::to_string(port), "/ws",
                            [&](beast::error_code handshake_ec) { result = handshake_ec; });
      });
  io_.run();
  io_.restart();
  if (result) throw std::runtime_error("websocket handshake: " + result.message());
  beast::get_lowest_layer(ws_).expires_never();
}

ws_test_client::~ws_test_client() {
  beast::error_code ec;
  beast::get_lowest_layer(ws_).socket().close(ec);
}

void ws_test_client::send(const nlohmann::json& message) { send_text(message.dump()); }

void ws_test_client::send_text(std::string_view text) {
  ws_.text(true);
  beast::error_code ec;
  beast::get_lowest_layer(ws_).expires_after(5s);
  ws_.write(boost::asio::buffer(text.data(), text.size()), ec);
  if (ec) broken_ = true;
}

void ws_test_client::send_together(const std::vector<std::string>& texts) {
  // Framed by hand (RFC 6455 5.2: FIN, text, masked with a fixed key) so that every frame goes in one write.
  const std::array<unsigned char, 4> mask{0x37, 0xfa, 0x21, 0x3d};
  std::string wire;
  for (const auto& text : texts) {
    if (text.size() > 0xffff) throw std::invalid_argument("send_together: frames up to 64 KiB");
    wire.push_back(static_cast<char>(0x81));
    if (text.size() < 126) {
      wire.push_back(static_cast<char>(0x80 | text.size()));
    } else {
      wire.push_back(static_cast<char>(0x80 | 126));
      wire.push_back(static_cast<char>((text.size() >> 8) & 0xff));
      wire.push_back(static_cast<char>(text.size() & 0xff));
    }
    wire.append(reinterpret_cast<const char*>(mask.data()), mask.size());
    for (std::size_t i = 0; i < text.size(); ++i) wire.push_back(static_cast<char>(text[i] ^ mask[i % 4]));
  }
  beast::error_code ec;
  boost::asio::write(beast::get_lowest_layer(ws_).socket(), boost::asio::buffer(wire), ec);
  if (ec) broken_ = true;
}

bool ws_test_client::read_frame(std::chrono::milliseconds timeout) {
  if (broken_ || close_code_) return false;
  bool finished = false;
  beast::error_code result;
  beast::get_lowest_layer(ws_).expires_after(timeout);
  ws_.async_read(buffer_, [&](beast::error_code ec, std::size_t) {
    finished = true;
    result = ec;
  });
  io_.restart();
  io_.run();
  if (!finished || result) {
    if (result == websocket::error::closed) {
      close_code_ = ws_.reason().code;
    } else {
      broken_ = true;
    }
    return false;
  }
  ++frames_;
  auto text = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  auto frame = nlohmann::json::parse(text);
  if (!frame.is_array()) throw std::runtime_error("server frame is not an array: " + text);
  for (auto& message : frame) pending_.push_back(std::move(message));
  return true;
}

std::optional<nlohmann::json> ws_test_client::next(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (pending_.empty()) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left <= 0ms || !read_frame(left)) return std::nullopt;
  }
  auto message = std::move(pending_.front());
  pending_.pop_front();
  seen_.push_back(message);
  return message;
}

std::optional<nlohmann::json> ws_test_client::wait_for(const std::function<bool(const nlohmann::json&)>& match,
                                                       std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left <= 0ms) return std::nullopt;
    auto message = next(left);
    if (!message) return std::nullopt;
    if (match(*message)) return message;
  }
}

std::optional<nlohmann::json> ws_test_client::wait_for_type(const std::string& type,
                                                            std::chrono::milliseconds timeout) {
  return wait_for([&](const nlohmann::json& m) { return m.value("type", "") == type; }, timeout);
}

bool ws_test_client::wait_closed(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!close_code_ && !broken_) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left <= 0ms) return false;
    if (!next(left)) continue;
  }
  return true;
}

http_result http_call(std::uint16_t port, const std::string& method, const std::string& target, const std::string& body,
                      const std::map<std::string, std::string>& headers) {
  boost::asio::io_context io;
  beast::tcp_stream stream(io);
  stream.expires_after(5s);
  stream.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  http::request<http::string_body> request{http::string_to_verb(method), target, 11};
  request.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  if (!body.empty()) request.set(http::field::content_type, "application/json");
  request.prepare_payload();
  http::write(stream, request);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  if (method == "HEAD") parser.skip(true);
  http::read(stream, buffer, parser);
  auto response = parser.release();
  http_result result;
  result.status = static_cast<int>(response.result_int());
  result.body = response.body();
  for (const auto& field : response) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    result.headers[name] = std::string(field.value());
  }
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  return result;
}

}  // namespace helpchat::testing
