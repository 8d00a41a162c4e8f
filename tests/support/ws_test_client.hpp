// A WebSocket client for integration tests: real TCP to 127.0.0.1, real Beast WebSocket, every wait bounded.
// Server frames are JSON arrays (docs/protocol.md); the client unpacks them into a queue of messages.
// Not thread-safe: one test thread drives it.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace helpchat::testing {

using namespace std::chrono_literals;

struct ws_client_options {
  std::string cookie;                              // "hc_session=…"
  std::string origin;                              // sent as Origin when not empty
  std::chrono::milliseconds connect_timeout = 5s;  // TCP connect and upgrade together
  int receive_buffer_bytes = 0;  // SO_RCVBUF when not 0: a small window makes a client that stops reading fall behind
};

class ws_test_client {
 public:
  using options = ws_client_options;

  // Connects and upgrades; throws std::runtime_error with the reason when that fails.
  explicit ws_test_client(std::uint16_t port, options opts = {});
  ~ws_test_client();

  void send(const nlohmann::json& message);
  void send_text(std::string_view text);
  // Several text frames in one TCP write, as a client that pipelines sends them: they reach the server together.
  void send_together(const std::vector<std::string>& texts);

  // The next message (one element of a frame's array), or nothing when none came within `timeout` or the
  // connection closed (see close_code()).
  std::optional<nlohmann::json> next(std::chrono::milliseconds timeout = 5s);
  // Messages until one satisfies `match` (returned), or nothing on timeout. Skipped messages are kept in seen().
  std::optional<nlohmann::json> wait_for(const std::function<bool(const nlohmann::json&)>& match,
                                         std::chrono::milliseconds timeout = 5s);
  std::optional<nlohmann::json> wait_for_type(const std::string& type, std::chrono::milliseconds timeout = 5s);

  // Every message received so far, in order.
  const std::vector<nlohmann::json>& seen() const { return seen_; }
  // Raw frames received so far (each a JSON array as text).
  std::size_t frames() const { return frames_; }
  // The close code the server sent, once the connection has closed.
  std::optional<int> close_code() const { return close_code_; }
  bool wait_closed(std::chrono::milliseconds timeout = 5s);

 private:
  bool read_frame(std::chrono::milliseconds timeout);

  boost::asio::io_context io_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::beast::flat_buffer buffer_;
  std::deque<nlohmann::json> pending_;
  std::vector<nlohmann::json> seen_;
  std::size_t frames_ = 0;
  std::optional<int> close_code_;
  bool broken_ = false;
};

// Plain HTTP for tests: one request, one response, bounded in time.
struct http_result {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
};
http_result http_call(std::uint16_t port, const std::string& method, const std::string& target,
                      const std::string& body = {}, const std::map<std::string, std::string>& headers = {});

}  // namespace helpchat::testing
