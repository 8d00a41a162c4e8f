#include "http_login.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace bench {

namespace beast = boost::beast;
namespace http = boost::beast::http;

std::string login(std::uint16_t port, const std::string& username, const std::string& password) {
  boost::asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.expires_after(std::chrono::seconds(10));
  stream.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  http::request<http::string_body> request{http::verb::post, "/api/login", 11};
  request.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  request.set(http::field::content_type, "application/json");
  request.body() = nlohmann::json{{"username", username}, {"password", password}}.dump();
  request.prepare_payload();
  http::write(stream, request);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response);
  beast::error_code ec;
  stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
  if (response.result() != http::status::ok) {
    throw std::runtime_error("login failed (" + std::to_string(response.result_int()) + "): " + response.body());
  }
  std::string cookie(response[http::field::set_cookie]);
  if (cookie.empty()) throw std::runtime_error("login answered no cookie");
  return cookie.substr(0, cookie.find(';'));
}

}  // namespace bench
