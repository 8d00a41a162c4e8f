// Issue 11, defence in depth: an exception escaping an HTTP handler (a bug) is logged and answered 500 `internal`;
// it never ends the process, and the same connection and others go on being served. The real transport
// (net::http_server on 127.0.0.1, port 0) in front of a handler that throws on request.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "app/api/http_json.hpp"
#include "net/http_server.hpp"
#include "support/temp_directory.hpp"
#include "support/ws_test_client.hpp"

namespace helpchat::testing {
namespace {

namespace http = boost::beast::http;
using json = nlohmann::json;

// /api/throw throws before answering, /api/throw-after-answer after answering; anything else is 200.
class throwing_handler final : public net::http_handler {
 public:
  void handle(const net::http_request& request, const net::http_context& context,
              std::function<void(net::http_response)> respond) override {
    if (context.target.path() == "/api/throw") throw std::runtime_error("a bug before answering");
    net::http_response ok{http::status::ok, request.version()};
    ok.body() = "ok";
    ok.prepare_payload();
    if (context.target.path() == "/api/throw-after-answer") {
      respond(std::move(ok));
      throw std::logic_error("a bug after answering");
    }
    respond(std::move(ok));
  }
};

class no_sockets final : public net::connection_handler {
 public:
  void on_open(net::connection&) override {}
  void on_message(net::connection&, std::string_view) override {}
  bool on_ping(net::connection&) override { return true; }
  void on_close(net::connection&) override {}
  void on_drained(net::connection&) override {}
};

class handler_exception : public ::testing::Test {
 protected:
  handler_exception() {
    std::ofstream(web.path() / "index.html") << "<!doctype html>";
    net::server_options options;
    options.port = 0;
    server = std::make_unique<net::http_server>(shards, options, net::static_files::load(web.path()).value(), api,
                                                sockets, log);
    port = server->listen().value();
    server->start_accepting();
    shards.start();
  }
  ~handler_exception() override {
    server->stop_accepting();
    shards.stop_within(std::chrono::seconds(5));
  }

  temp_directory web;
  std::ostringstream log_text;
  logger log{log_text};
  throwing_handler api;
  no_sockets sockets;
  net::io_shards shards{1};
  std::unique_ptr<net::http_server> server;
  std::uint16_t port = 0;
};

TEST_F(handler_exception, a_handler_that_throws_gets_a_500_internal_and_the_server_goes_on) {
  for (int i = 0; i < 3; ++i) {
    auto response = http_call(port, "GET", "/api/throw");
    EXPECT_EQ(response.status, 500);
    auto answer = json::parse(response.body);
    EXPECT_EQ(answer["error"]["code"], "internal");
    EXPECT_EQ(answer["error"]["message"], "Error interno del servidor.");
    EXPECT_EQ(http_call(port, "GET", "/api/fine").status, 200);
    EXPECT_EQ(http_call(port, "GET", "/").status, 200);
  }
  EXPECT_NE(log_text.str().find("\"http_handler_threw\""), std::string::npos);
  EXPECT_NE(log_text.str().find("a bug before answering"), std::string::npos);
}

TEST_F(handler_exception, a_throw_after_answering_sends_no_second_response) {
  auto response = http_call(port, "GET", "/api/throw-after-answer");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "ok");
  EXPECT_NE(log_text.str().find("a bug after answering"), std::string::npos);
  EXPECT_EQ(http_call(port, "GET", "/api/fine").status, 200);
}

// The completions that answer later (password pool, transcript writer) run their work through app::guarded.
TEST(guarded, an_exception_in_a_completion_is_logged_and_answered_500_internal) {
  std::ostringstream log_text;
  logger log{log_text};
  std::vector<net::http_response> answers;
  auto respond = [&](net::http_response r) { answers.push_back(std::move(r)); };
  app::guarded(log, "login_saved", respond, [] { throw std::runtime_error("a bug in a completion"); });
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0].result(), http::status::internal_server_error);
  EXPECT_EQ(json::parse(answers[0].body())["error"]["code"], "internal");
  EXPECT_NE(log_text.str().find("\"http_completion_threw\""), std::string::npos);
  EXPECT_NE(log_text.str().find("login_saved"), std::string::npos);

  app::guarded(log, "logout_saved", respond, [&] { respond(net::http_response{http::status::ok, 11}); });
  ASSERT_EQ(answers.size(), 2u) << "work that does not throw answers for itself";
  EXPECT_EQ(answers[1].result(), http::status::ok);
}

}  // namespace
}  // namespace helpchat::testing
