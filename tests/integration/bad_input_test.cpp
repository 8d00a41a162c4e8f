// Bad input from one client gets that client a clear error (a stable code and a Spanish message), writes nothing,
// and leaves the server serving everyone else.
#include <gtest/gtest.h>

#include "support/server_fixture.hpp"

namespace helpchat::testing {
namespace {

using json = nlohmann::json;

class bad_input : public ::testing::Test {
 protected:
  std::int64_t events_in_transcript() {
    auto body =
        http_call(server.port(), "GET", "/api/sessions/" + std::to_string(server.demo_session()) + "/transcript");
    return static_cast<std::int64_t>(json::parse(body.body)["events"].size());
  }

  // Sends `frame` and expects an error with `code`; checks that nothing was written and that a bystander is
  // still served.
  void expect_refused(ws_test_client& client, const std::string& frame, const std::string& code) {
    auto before = events_in_transcript();
    client.send_text(frame);
    auto refused = client.wait_for_type("error");
    ASSERT_TRUE(refused) << frame;
    EXPECT_EQ((*refused)["code"], code) << frame;
    EXPECT_FALSE((*refused)["message"].get<std::string>().empty());
    EXPECT_EQ(events_in_transcript(), before) << frame;
    expect_bystander_served();
  }

  void expect_bystander_served() {
    bystander->send({{"type", "ask"},
                     {"cid", "b-" + std::to_string(++bystander_questions)},
                     {"field", "general"},
                     {"text", "Sigo aquí"}});
    EXPECT_TRUE(bystander->wait_for_type("ack"));
  }

  server_fixture server;
  std::unique_ptr<ws_test_client> bystander = server.join_official("Testigo", "11001");
  int bystander_questions = 0;
};

TEST_F(bad_input, malformed_json) {
  auto client = server.join_official();
  expect_refused(*client, "{\"type\": \"ask\", ", "invalid_json");
  expect_refused(*client, "[1, 2, 3]", "invalid_json");
}

// Issue 11: a number out of a double's range made the whole frame invalid_json, and the client lost its cid.
TEST_F(bad_input, an_out_of_range_number_is_invalid_message_naming_the_cid) {
  auto client = server.join_official();
  expect_refused(*client, R"({"type":"ask","cid":"c-1e400","field":"general","text":"hola","x":1e400})",
                 "invalid_message");
  ASSERT_FALSE(client->seen().empty());
  EXPECT_EQ(client->seen().back()["cid"], "c-1e400");
}

TEST_F(bad_input, unknown_type_and_unknown_members) {
  auto client = server.join_official();
  expect_refused(*client, R"({"type":"shout","cid":"x"})", "unknown_type");
  expect_refused(*client, R"({"type":"ask","cid":"x","field":"general","text":"hola","extra":1})", "invalid_message");
}

TEST_F(bad_input, missing_and_wrongly_typed_members) {
  auto client = server.join_official();
  expect_refused(*client, R"({"type":"ask","cid":"x","text":"hola"})", "invalid_message");
  expect_refused(*client, R"({"type":"ask","cid":"x","field":"general","text":42})", "invalid_message");
  expect_refused(*client, R"({"type":"ask","field":"general","text":"sin cid"})", "invalid_message");
  expect_refused(*client, R"({"cid":"x"})", "invalid_message");
}

TEST_F(bad_input, unknown_field_and_unknown_entity) {
  auto client = server.join_official();
  expect_refused(*client, R"({"type":"ask","cid":"x","field":"campo_inventado","text":"hola"})", "unknown_field");

  ws_test_client newcomer(server.port());
  auto join = [&](const std::string& type, const std::string& code) {
    return json{{"type", "join"},
                {"v", 1},
                {"session", server.demo_session()},
                {"as", "official"},
                {"official", {{"name", "Ana"}, {"position", "Alcaldesa"}, {"entity_type", type}, {"dane_code", code}}}}
        .dump();
  };
  expect_refused(newcomer, join("alcaldia", "99999"), "unknown_entity");
  expect_refused(newcomer, join("gobernacion", "05001"), "unknown_entity");
  expect_refused(newcomer, join("gobernacion", "11"), "unknown_entity");
}

TEST_F(bad_input, empty_and_over_long_text) {
  auto client = server.join_official();
  expect_refused(*client, R"({"type":"ask","cid":"x","field":"general","text":"   "})", "invalid_text");
  expect_refused(*client,
                 json{{"type", "ask"}, {"cid", "y"}, {"field", "general"}, {"text", std::string(2001, 'a')}}.dump(),
                 "invalid_text");
}

TEST_F(bad_input, an_official_cannot_act_as_moderator) {
  auto client = server.join_official();
  client->send({{"type", "ask"}, {"cid", "q"}, {"field", "general"}, {"text", "¿Puedo?"}});
  auto ack = client->wait_for_type("ack");
  ASSERT_TRUE(ack);
  expect_refused(*client,
                 json{{"type", "answer"},
                      {"cid", "a"},
                      {"question", (*ack)["seq"]},
                      {"text", "Me respondo"},
                      {"visibility", "public"}}
                     .dump(),
                 "forbidden");
  expect_refused(*client, json{{"type", "dismiss"}, {"cid", "d"}, {"question", (*ack)["seq"]}}.dump(), "forbidden");
}

TEST_F(bad_input, a_second_answer_to_an_answered_question) {
  auto client = server.join_official();
  client->send({{"type", "ask"}, {"cid", "q"}, {"field", "general"}, {"text", "¿Cuándo se envía el plan?"}});
  auto ack = client->wait_for_type("ack");
  ASSERT_TRUE(ack);
  auto moderator = server.join_moderator(server.login_demo());
  moderator->send({{"type", "answer"},
                   {"cid", "a1"},
                   {"question", (*ack)["seq"]},
                   {"text", "Antes del 30 de mayo."},
                   {"visibility", "public"}});
  ASSERT_TRUE(moderator->wait_for_type("ack"));
  expect_refused(*moderator,
                 json{{"type", "answer"},
                      {"cid", "a2"},
                      {"question", (*ack)["seq"]},
                      {"text", "Otra vez."},
                      {"visibility", "public"}}
                     .dump(),
                 "question_closed");
  expect_refused(
      *moderator,
      json{{"type", "answer"}, {"cid", "a3"}, {"question", 9999}, {"text", "¿Cuál?"}, {"visibility", "public"}}.dump(),
      "unknown_question");
}

TEST_F(bad_input, commands_before_join_and_a_second_join) {
  ws_test_client client(server.port());
  expect_refused(client, R"({"type":"ask","cid":"x","field":"general","text":"hola"})", "not_joined");
  auto joined = server.join_official();
  expect_refused(
      *joined,
      json{{"type", "join"},
           {"v", 1},
           {"session", server.demo_session()},
           {"as", "official"},
           {"official", {{"name", "A"}, {"position", "B"}, {"entity_type", "alcaldia"}, {"dane_code", "05001"}}}}
          .dump(),
      "already_joined");
  ws_test_client other(server.port());
  expect_refused(other, R"({"type":"join","v":2,"session":1,"as":"moderator"})", "unsupported_version");
  expect_refused(other, R"({"type":"join","v":1,"session":777,"as":"official","token":"nope"})", "unknown_session");
  expect_refused(
      other,
      json{{"type", "join"}, {"v", 1}, {"session", server.demo_session()}, {"as", "official"}, {"token", "nope"}}
          .dump(),
      "unauthenticated");
}

TEST_F(bad_input, invalid_utf8_closes_with_1007) {
  auto client = server.join_official();
  client->send_text(std::string("{\"type\":\"ask\",\"cid\":\"x\",\"field\":\"general\",\"text\":\"\xC3\x28\"}"));
  ASSERT_TRUE(client->wait_closed());
  EXPECT_EQ(client->close_code(), 1007);
  expect_bystander_served();
}

TEST_F(bad_input, a_frame_over_64_kib_closes_with_1009) {
  auto client = server.join_official();
  client->send_text(std::string(64 * 1024 + 1, ' '));
  ASSERT_TRUE(client->wait_closed());
  EXPECT_EQ(client->close_code(), 1009);
  expect_bystander_served();
}

}  // namespace
}  // namespace helpchat::testing
