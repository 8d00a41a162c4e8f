// Issue 11, "Holes found from outside": one unauthenticated GET with a query that decoded to invalid UTF-8
// (`/api/faq?field=%FF`) ended the process, because the value reached nlohmann's JSON encoder inside an error
// message. These send every HTTP route such bytes — in each parameter, in the path, in a body and in headers — and
// expect a 400 with the documented error shape each time, and the server still answering afterwards.
#include <gtest/gtest.h>

#include "support/server_fixture.hpp"

namespace helpchat::testing {
namespace {

using json = nlohmann::json;

// Invalid UTF-8 once decoded (a stray byte, overlongs of '/', a UTF-16 surrogate), then malformed escapes.
const std::vector<std::string> hostile_escapes = {"%FF", "%C0%AF", "%E0%80%AF", "%ED%A0%80", "%G1", "%"};

struct route {
  std::string method;
  std::string path;
  std::vector<std::string> parameters;  // each gets the hostile value in turn, the others a good one
  std::string body;
};

// Every route of the HTTP API (api_handler, faq_api) and the static pages, with the parameters each takes.
std::vector<route> every_route(int session) {
  const std::string s = "/api/sessions/" + std::to_string(session);
  return {
      {"GET", "/healthz", {}, {}},
      {"GET", "/readyz", {}, {}},
      {"GET", "/metrics", {}, {}},
      {"GET", "/api/form", {}, {}},
      {"GET", "/api/entities", {"dept"}, {}},
      {"GET", "/api/me", {}, {}},
      {"GET", "/api/sessions", {}, {}},
      {"GET", s, {}, {}},
      {"GET", s + "/transcript", {"since", "limit"}, {}},
      {"GET", s + "/export", {"format"}, {}},
      {"GET", "/api/faq", {"field"}, {}},
      {"GET", "/api/faq/search", {"q", "field", "limit"}, {}},
      {"GET", "/api/faq/drafts", {}, {}},
      {"POST", "/api/faq/drafts", {}, R"({"session":1,"answer":1})"},
      {"PUT", "/api/faq/drafts/1", {}, R"({"question":"¿Qué?"})"},
      {"POST", "/api/faq/drafts/1/publish", {}, {}},
      {"POST", "/api/faq/drafts/1/discard", {}, {}},
      {"POST", "/api/login", {}, R"({"username":"demo","password":"x"})"},
      {"POST", "/api/logout", {}, {}},
      {"GET", "/", {}, {}},
      {"GET", "/sesion", {}, {}},
      {"GET", "/archivo", {"id"}, {}},
      {"GET", "/css/helpchat.css", {}, {}},
  };
}

class hostile_request : public ::testing::Test {
 protected:
  // Expects 400 with {"error":{"code":"invalid_message","message":"…"}} (a Spanish sentence).
  void expect_refused(const std::string& method, const std::string& target, const std::string& body = {},
                      const std::map<std::string, std::string>& headers = {}) {
    auto with_cookie = headers;
    with_cookie.try_emplace("Cookie", cookie);
    auto response = http_call(server.port(), method, target, body, with_cookie);
    EXPECT_EQ(response.status, 400) << method << " " << target;
    auto answer = json::parse(response.body, nullptr, false);
    ASSERT_TRUE(answer.is_object()) << method << " " << target << ": " << response.body;
    EXPECT_EQ(answer["error"]["code"], "invalid_message") << method << " " << target;
    EXPECT_FALSE(answer["error"]["message"].get<std::string>().empty()) << method << " " << target;
    EXPECT_EQ(response.headers["content-type"], "application/json; charset=utf-8");
  }

  void expect_still_serving() {
    auto health = http_call(server.port(), "GET", "/healthz");
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(http_call(server.port(), "GET", "/api/faq?field=general").status, 200);
  }

  static std::string query(const route& r, const std::string& hostile, const std::string& bad_parameter) {
    std::string out;
    for (const auto& p : r.parameters) {
      out += (out.empty() ? "?" : "&") + p + "=" + (p == bad_parameter ? hostile : "1");
    }
    return out;
  }

  server_fixture server;
  std::string cookie = server.login_demo();  // so the moderators' routes get past their login check
};

TEST_F(hostile_request, the_query_that_ended_the_process_gets_a_400) {
  expect_refused("GET", "/api/faq?field=%FF");
  expect_refused("GET", "/api/faq?field=%ED%A0%80");
  expect_refused("GET", "/api/entities?dept=%FF");
  auto answer = json::parse(http_call(server.port(), "GET", "/api/faq?field=%FF").body);
  EXPECT_EQ(answer["error"]["message"], "La dirección contiene caracteres que no son UTF-8 válido.");
  expect_still_serving();
}

TEST_F(hostile_request, invalid_utf8_and_malformed_escapes_in_every_parameter_of_every_route) {
  for (const auto& r : every_route(server.demo_session())) {
    for (const auto& bad : hostile_escapes) {
      for (const auto& parameter : r.parameters) expect_refused(r.method, r.path + query(r, bad, parameter), r.body);
      // A parameter no route takes, and a hostile name.
      expect_refused(r.method, r.path + "?otro=" + bad, r.body);
      expect_refused(r.method, r.path + "?" + bad + "=1", r.body);
    }
  }
  expect_still_serving();
}

TEST_F(hostile_request, invalid_utf8_and_malformed_escapes_in_the_path_of_every_route) {
  for (const auto& r : every_route(server.demo_session())) {
    for (const auto& bad : hostile_escapes) {
      expect_refused(r.method, r.path + bad, r.body);
      expect_refused(r.method, r.path + "/" + bad, r.body);
      if (r.path.size() > 1) expect_refused(r.method, r.path.substr(0, 2) + bad + r.path.substr(2), r.body);
    }
  }
  expect_still_serving();
}

TEST_F(hostile_request, invalid_utf8_in_a_json_body) {
  for (const std::string& text : {std::string("\xFF"), std::string("\xC0\xAF"), std::string("\xED\xA0\x80")}) {
    expect_refused("POST", "/api/login", R"({"username":")" + text + R"(","password":"x"})");
    expect_refused("PUT", "/api/faq/drafts/1", R"({"question":")" + text + R"("})");
    expect_refused("POST", "/api/faq/drafts", R"({"session":1,"answer":1,"x":")" + text + R"("})");
  }
  expect_still_serving();
}

TEST_F(hostile_request, invalid_utf8_in_the_headers_the_server_reads) {
  for (const std::string& text : {std::string("\xFF"), std::string("\xC0\xAF"), std::string("\xED\xA0\x80")}) {
    expect_refused("GET", "/api/me", {}, {{"Cookie", "hc_session=" + text}});
    expect_refused("GET", "/api/sessions", {}, {{"Origin", "http://" + text}});
    expect_refused("GET", "/", {}, {{"If-None-Match", text}});
    expect_refused("GET", "/ws", {},
                   {{"Origin", "http://" + text}, {"Upgrade", "websocket"}, {"Connection", "Upgrade"}});
  }
  expect_still_serving();
}

}  // namespace
}  // namespace helpchat::testing
