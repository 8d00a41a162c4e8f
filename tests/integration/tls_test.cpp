// `serve --tls-cert --tls-key`: HTTPS and WSS with a real certificate (self-signed, made for the test by openssl).
#include <gtest/gtest.h>

#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "support/server_fixture.hpp"
#include "support/test_certificate.hpp"

namespace helpchat::testing {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;
using json = nlohmann::json;

class tls : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { certificate_ = new test_certificate(); }
  static void TearDownTestSuite() { delete certificate_; }

  static test_certificate* certificate_;
  server_fixture server{[](config::settings& s) {
    s.tls_certificate = certificate_->certificate();
    s.tls_key = certificate_->key();
  }};
  boost::asio::io_context io;
  ssl::context client_tls{ssl::context::tls_client};  // verify_none by default: the certificate is self-signed

  beast::ssl_stream<beast::tcp_stream> connect() {
    beast::ssl_stream<beast::tcp_stream> stream(io, client_tls);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(5));
    beast::get_lowest_layer(stream).connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), server.port()));
    stream.handshake(ssl::stream_base::client);
    return stream;
  }

  http::response<http::string_body> request(http::verb method, const std::string& target,
                                            const std::string& body = {}) {
    auto stream = connect();
    http::request<http::string_body> req{method, target, 11};
    req.set(http::field::host, "127.0.0.1");
    req.body() = body;
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response);
    return response;
  }
};
test_certificate* tls::certificate_ = nullptr;

TEST_F(tls, serves_https) {
  auto health = request(http::verb::get, "/healthz");
  EXPECT_EQ(health.result_int(), 200u);
  auto page = request(http::verb::get, "/sesion");
  EXPECT_EQ(page.result_int(), 200u);
}

TEST_F(tls, login_cookie_is_secure_under_tls) {
  auto login =
      request(http::verb::post, "/api/login", json{{"username", "demo"}, {"password", server.demo_password()}}.dump());
  ASSERT_EQ(login.result_int(), 200u);
  EXPECT_NE(std::string(login[http::field::set_cookie]).find("; Secure"), std::string::npos);
}

TEST_F(tls, an_official_joins_over_wss) {
  beast::websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws(connect());
  ws.handshake("127.0.0.1:" + std::to_string(server.port()), "/ws");
  ws.write(boost::asio::buffer(json{
      {"type", "join"},
      {"v", 1},
      {"session", server.demo_session()},
      {"as", "official"},
      {"official", {{"name", "Ana"}, {"position", "Alcaldesa"}, {"entity_type", "alcaldia"}, {"dane_code", "05001"}}}}
                                   .dump()));
  beast::flat_buffer buffer;
  ws.read(buffer);
  auto frame = json::parse(beast::buffers_to_string(buffer.data()));
  ASSERT_TRUE(frame.is_array());
  EXPECT_EQ(frame[0]["type"], "welcome");
}

// Over TLS the server's own origin is https (docs/decisions.md, "WebSocket origins"); http for the same host is a
// page this server did not serve.
TEST_F(tls, only_the_https_origin_of_the_host_opens_a_wss_connection) {
  auto opens = [&](const std::string& origin) {
    beast::websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws(connect());
    ws.set_option(beast::websocket::stream_base::decorator(
        [&](beast::websocket::request_type& request) { request.set(http::field::origin, origin); }));
    beast::error_code ec;
    ws.handshake("127.0.0.1:" + std::to_string(server.port()), "/ws", ec);
    return !ec;
  };
  EXPECT_TRUE(opens("https://127.0.0.1:" + std::to_string(server.port())));
  EXPECT_FALSE(opens("http://127.0.0.1:" + std::to_string(server.port())));
  EXPECT_FALSE(opens("https://evil.example"));
}

}  // namespace
}  // namespace helpchat::testing
