// Who may open a WebSocket, on the real server (docs/decisions.md, "WebSocket origins"): a browser page of the server's
// own origin or of the allow-list; any client that is not a browser (no Origin). TLS: tls_test.cpp.
#include <gtest/gtest.h>

#include "support/server_fixture.hpp"

namespace helpchat::testing {
namespace {

// Opens a WebSocket with `origin` (none when empty) and checks that the server answers on it; false when the
// upgrade was refused.
bool opens_with_origin(const server_fixture& server, const std::string& origin) {
  std::unique_ptr<ws_test_client> client;
  try {
    client = std::make_unique<ws_test_client>(server.port(), ws_test_client::options{{}, origin});
  } catch (const std::runtime_error&) {
    return false;
  }
  client->send({{"type", "join"}, {"v", 1}, {"session", server.demo_session()}, {"as", "official"}, {"token", "x"}});
  auto answer = client->wait_for_type("error");
  return answer && (*answer)["code"] == "unauthenticated";
}

std::string own(const char* scheme, const server_fixture& server) {
  return std::string(scheme) + "://127.0.0.1:" + std::to_string(server.port());
}

TEST(websocket_origin, a_client_without_origin_is_not_a_browser_and_is_accepted) {
  server_fixture server;
  EXPECT_TRUE(opens_with_origin(server, {}));
}

TEST(websocket_origin, the_servers_own_origin_is_accepted) {
  server_fixture server;
  EXPECT_TRUE(opens_with_origin(server, own("http", server)));
}

TEST(websocket_origin, another_site_is_refused) {
  server_fixture server;
  EXPECT_FALSE(opens_with_origin(server, "http://evil.example"));
  EXPECT_FALSE(opens_with_origin(server, "null"));
}

// Regression (issue 11, item 4): a plain server took https://its-own-host as its own origin.
TEST(websocket_origin, an_https_origin_on_a_plain_server_is_refused_unless_listed) {
  server_fixture server;
  EXPECT_FALSE(opens_with_origin(server, own("https", server)));
}

// nginx terminating TLS in front of a plain server (docs/deploy.md): the public https origin is listed, and the list
// is then the whole policy.
TEST(websocket_origin, a_listed_https_origin_opens_on_a_plain_server_behind_a_tls_proxy) {
  server_fixture server([](config::settings& s) { s.allowed_origins = {"https://ayuda.example.gov.co"}; });
  EXPECT_TRUE(opens_with_origin(server, "https://ayuda.example.gov.co"));
  EXPECT_FALSE(opens_with_origin(server, "http://ayuda.example.gov.co"));
  EXPECT_FALSE(opens_with_origin(server, own("http", server)));
  EXPECT_TRUE(opens_with_origin(server, {}));
}

}  // namespace
}  // namespace helpchat::testing
