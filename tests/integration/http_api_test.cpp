// The HTTP side: static files, the JSON API, login, and the WebSocket origin check.
#include <gtest/gtest.h>

#include "support/server_fixture.hpp"

namespace helpchat::testing {
namespace {

using json = nlohmann::json;

TEST(http_api, health_form_and_entities) {
  server_fixture server;
  EXPECT_EQ(http_call(server.port(), "GET", "/healthz").status, 200);
  auto form = http_call(server.port(), "GET", "/api/form");
  EXPECT_EQ(form.status, 200);
  EXPECT_FALSE(json::parse(form.body)["sections"].empty());

  auto departments = json::parse(http_call(server.port(), "GET", "/api/entities").body);
  EXPECT_EQ(departments["departments"].size(), 33u);
  auto antioquia = json::parse(http_call(server.port(), "GET", "/api/entities?dept=05").body);
  EXPECT_EQ(antioquia["municipalities"][0]["code"], "05001");
  EXPECT_EQ(http_call(server.port(), "GET", "/api/entities?dept=00").status, 404);
}

TEST(http_api, static_files_have_types_security_headers_and_compression) {
  server_fixture server;
  auto index = http_call(server.port(), "GET", "/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.headers["content-type"], "text/html; charset=utf-8");
  EXPECT_NE(index.headers["content-security-policy"].find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(index.headers["x-content-type-options"], "nosniff");

  auto page = http_call(server.port(), "GET", "/sesion", {}, {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.headers["content-encoding"], "gzip");

  auto again = http_call(server.port(), "GET", "/sesion", {}, {{"If-None-Match", page.headers["etag"]}});
  EXPECT_EQ(again.status, 304);
}

TEST(http_api, unknown_paths_and_traversal_are_not_found) {
  server_fixture server;
  EXPECT_EQ(http_call(server.port(), "GET", "/no-existe").status, 404);
  EXPECT_EQ(http_call(server.port(), "GET", "/../CMakeLists.txt").status, 404);
  EXPECT_EQ(http_call(server.port(), "GET", "/%2e%2e/CMakeLists.txt").status, 404);
  EXPECT_EQ(http_call(server.port(), "GET", "/css/../../README.md").status, 404);
  EXPECT_EQ(http_call(server.port(), "GET", "/api/nada").status, 404);
  EXPECT_EQ(http_call(server.port(), "DELETE", "/").status, 405);
}

TEST(http_api, login_me_and_logout) {
  server_fixture server;
  EXPECT_EQ(http_call(server.port(), "POST", "/api/login", R"({"username":"demo","password":"wrong-password"})").status,
            401);
  EXPECT_EQ(http_call(server.port(), "POST", "/api/login", "not json").status, 400);
  EXPECT_EQ(http_call(server.port(), "GET", "/api/me").status, 401);

  auto cookie = server.login_demo();
  auto me = http_call(server.port(), "GET", "/api/me", {}, {{"Cookie", cookie}});
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(json::parse(me.body)["you"]["username"], "demo");

  auto out = http_call(server.port(), "POST", "/api/logout", {}, {{"Cookie", cookie}});
  EXPECT_EQ(out.status, 200);
  EXPECT_EQ(http_call(server.port(), "GET", "/api/me", {}, {{"Cookie", cookie}}).status, 401);
}

TEST(http_api, login_cookie_is_http_only_and_strict) {
  server_fixture server;
  auto response = http_call(server.port(), "POST", "/api/login",
                            json{{"username", "demo"}, {"password", server.demo_password()}}.dump());
  ASSERT_EQ(response.status, 200);
  auto cookie = response.headers["set-cookie"];
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
}

TEST(http_api, a_cross_origin_websocket_upgrade_is_refused) {
  server_fixture server;
  EXPECT_THROW(ws_test_client(server.port(), {{}, "http://evil.example"}), std::runtime_error);
  ws_test_client same_origin(server.port(), {{}, "http://127.0.0.1:" + std::to_string(server.port())});
  same_origin.send(
      {{"type", "join"}, {"v", 1}, {"session", server.demo_session()}, {"as", "official"}, {"token", "x"}});
  EXPECT_TRUE(same_origin.wait_for_type("error"));
}

TEST(http_api, sessions_and_transcript) {
  server_fixture server;
  auto sessions = json::parse(http_call(server.port(), "GET", "/api/sessions").body);
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0]["state"], "live");
  EXPECT_EQ(sessions[0]["time_zone"], "America/Bogota");
  auto transcript = json::parse(http_call(server.port(), "GET", "/api/sessions/1/transcript").body);
  ASSERT_EQ(transcript["events"].size(), 1u);
  EXPECT_EQ(transcript["events"][0]["type"], "session_state_changed");
  EXPECT_EQ(http_call(server.port(), "GET", "/api/sessions/2/transcript").status, 404);
}

}  // namespace
}  // namespace helpchat::testing
