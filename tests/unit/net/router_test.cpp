#include "net/router.hpp"

#include <gtest/gtest.h>

namespace helpchat::net {
namespace {

namespace http = boost::beast::http;

const std::vector<std::string> api_prefixes{"/api/", "/healthz"};

http_request upgrade(std::string_view origin, std::string_view host = "chat.example:8080") {
  http_request request{http::verb::get, "/ws", 11};
  request.set(http::field::host, host);
  request.set(http::field::upgrade, "websocket");
  request.set(http::field::connection, "Upgrade");
  if (!origin.empty()) request.set(http::field::origin, origin);
  return request;
}

TEST(router, an_upgrade_without_origin_is_not_a_browser_and_is_accepted) {
  EXPECT_EQ(router(api_prefixes, {}, false).route(upgrade({})), destination::websocket);
  EXPECT_EQ(router(api_prefixes, {"https://ayuda.example.gov.co"}, false).route(upgrade({})), destination::websocket);
}

TEST(router, the_own_origin_is_the_scheme_served_and_the_host) {
  const router plain(api_prefixes, {}, false);
  EXPECT_EQ(plain.route(upgrade("http://chat.example:8080")), destination::websocket);
  const router tls(api_prefixes, {}, true);
  EXPECT_EQ(tls.route(upgrade("https://chat.example:8080")), destination::websocket);
}

// Regression (issue 11, item 4): https://HOST was accepted by a plain server, whose own origin it is not.
TEST(router, the_other_scheme_for_the_same_host_is_refused) {
  EXPECT_EQ(router(api_prefixes, {}, false).route(upgrade("https://chat.example:8080")), destination::forbidden_origin);
  EXPECT_EQ(router(api_prefixes, {}, true).route(upgrade("http://chat.example:8080")), destination::forbidden_origin);
}

TEST(router, another_site_or_a_lookalike_host_is_refused) {
  const router plain(api_prefixes, {}, false);
  for (std::string_view origin : {"http://evil.example", "http://chat.example", "http://chat.example:80801",
                                  "http://xchat.example:8080", "null", "http://chat.example:8080/"}) {
    EXPECT_EQ(plain.route(upgrade(origin)), destination::forbidden_origin) << origin;
  }
  EXPECT_EQ(plain.route(upgrade("http://chat.example:8080", "")), destination::forbidden_origin);
}

// Behind nginx terminating TLS the browser's origin is https while this server speaks plain HTTP: the operator lists
// the public origin (docs/deploy/helpchat.conf).
TEST(router, an_allow_list_replaces_the_own_origin) {
  const router behind_proxy(api_prefixes, {"https://ayuda.example.gov.co"}, false);
  EXPECT_EQ(behind_proxy.route(upgrade("https://ayuda.example.gov.co", "ayuda.example.gov.co")),
            destination::websocket);
  EXPECT_EQ(behind_proxy.route(upgrade("http://ayuda.example.gov.co", "ayuda.example.gov.co")),
            destination::forbidden_origin);
  EXPECT_EQ(behind_proxy.route(upgrade("http://chat.example:8080")), destination::forbidden_origin);
}

}  // namespace
}  // namespace helpchat::net
