// Every limit holds: the offender gets a clear refusal or close code, and everyone else keeps being served.
#include <gtest/gtest.h>

#include "support/server_fixture.hpp"

namespace helpchat::testing {
namespace {

using json = nlohmann::json;

TEST(limits, a_flood_is_throttled_then_closed_while_others_keep_fast_answers) {
  server_fixture server;
  auto flooder = server.join_official("Inundador", "05001");
  auto neighbour = server.join_official("Vecina", "05002");

  // Far more than the burst (20 commands) in one go.
  for (int i = 0; i < 200; ++i)
    flooder->send_text(R"({"type":"dismiss","cid":"f)" + std::to_string(i) + R"(","question":1})");
  auto limited = flooder->wait_for([](const json& m) { return m.value("code", "") == "rate_limited"; });
  ASSERT_TRUE(limited);
  EXPECT_FALSE((*limited)["message"].get<std::string>().empty());
  ASSERT_TRUE(flooder->wait_closed());
  EXPECT_EQ(flooder->close_code(), 1008);

  auto started = std::chrono::steady_clock::now();
  neighbour->send({{"type", "ask"}, {"cid", "n1"}, {"field", "general"}, {"text", "¿Sigue funcionando?"}});
  ASSERT_TRUE(neighbour->wait_for_type("ack"));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
}

TEST(limits, an_official_asking_too_fast_is_refused_and_nothing_is_written) {
  server_fixture server;
  auto official = server.join_official();
  int accepted = 0;
  int refused = 0;
  for (int i = 0; i < 8; ++i) {
    official->send({{"type", "ask"},
                    {"cid", "q" + std::to_string(i)},
                    {"field", "general"},
                    {"text", "Pregunta " + std::to_string(i)}});
    auto reply = official->wait_for(
        [](const json& m) { return m.value("type", "") == "ack" || m.value("type", "") == "error"; });
    ASSERT_TRUE(reply);
    if ((*reply)["type"] == "ack") {
      ++accepted;
    } else {
      EXPECT_EQ((*reply)["code"], "rate_limited");
      ++refused;
    }
  }
  EXPECT_EQ(accepted, 5);  // the burst
  EXPECT_EQ(refused, 3);
  auto transcript = json::parse(http_call(server.port(), "GET", "/api/sessions/1/transcript").body);
  int questions = 0;
  for (const auto& e : transcript["events"]) questions += e["type"] == "question_asked";
  EXPECT_EQ(questions, 5);
}

// Issue 11: the burst of 5 questions could not be lifted; `--questions-burst` sets it.
TEST(limits, questions_burst_lets_an_official_ask_that_many_at_once) {
  server_fixture server([](config::settings& s) {
    auto parsed = config::parse({"--questions-burst", "8"}, [](const std::string&) { return std::nullopt; });
    ASSERT_TRUE(parsed) << parsed.failure().message;
    s.limits.questions_per_official = parsed->values.limits.questions_per_official;
  });
  auto official = server.join_official();
  for (int i = 0; i < 9; ++i) {
    official->send({{"type", "ask"},
                    {"cid", "q" + std::to_string(i)},
                    {"field", "general"},
                    {"text", "Pregunta " + std::to_string(i)}});
  }
  std::map<std::string, std::string> replies;  // cid → ack or the error code
  while (replies.size() < 9) {
    auto reply = official->wait_for(
        [](const json& m) { return m.value("type", "") == "ack" || m.value("type", "") == "error"; });
    ASSERT_TRUE(reply) << replies.size() << " replies";
    replies[(*reply)["cid"]] = (*reply)["type"] == "ack" ? "ack" : (*reply)["code"].get<std::string>();
  }
  for (int i = 0; i < 8; ++i) EXPECT_EQ(replies["q" + std::to_string(i)], "ack") << i;
  EXPECT_EQ(replies["q8"], "rate_limited");
}

TEST(limits, connections_past_the_per_address_limit_are_closed_at_accept) {
  server_fixture server([](config::settings& s) { s.limits.max_connections_per_address = 3; });
  std::vector<std::unique_ptr<ws_test_client>> open;
  for (int i = 0; i < 3; ++i) open.push_back(std::make_unique<ws_test_client>(server.port()));
  EXPECT_THROW(ws_test_client(server.port()), std::runtime_error);
  open.pop_back();
  // The place is given back when a connection closes.
  for (int attempt = 0; attempt < 50; ++attempt) {
    try {
      ws_test_client again(server.port());
      SUCCEED();
      return;
    } catch (const std::runtime_error&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  FAIL() << "the closed connection's place was not given back";
}

TEST(limits, login_attempts_are_throttled_per_address) {
  server_fixture server([](config::settings& s) { s.limits.logins_per_address = {1.0 / 60.0, 3.0}; });
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(http_call(server.port(), "POST", "/api/login", R"({"username":"demo","password":"wrong-guess"})").status,
              401);
  }
  auto throttled = http_call(server.port(), "POST", "/api/login", R"({"username":"demo","password":"wrong-guess"})");
  EXPECT_EQ(throttled.status, 429);
  EXPECT_NE(throttled.body.find("rate_limited"), std::string::npos);
}

}  // namespace
}  // namespace helpchat::testing
