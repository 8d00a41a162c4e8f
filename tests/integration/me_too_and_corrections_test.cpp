// "Yo también", similar questions, reopening and corrections end to end: the real server on 127.0.0.1, a real
// SQLite file, real WebSockets and HTTP.
#include <gtest/gtest.h>

#include "support/server_fixture.hpp"

namespace helpchat::testing {
namespace {

using json = nlohmann::json;

json ask(const std::string& cid, const std::string& text, const std::string& field = "gel_fase") {
  return {{"type", "ask"}, {"cid", cid}, {"field", field}, {"text", text}};
}

bool is_event(const json& m, const std::string& type) { return m.contains("seq") && m.value("type", "") == type; }

// The Spanish message and code of the error answering `cid`.
std::pair<std::string, std::string> refusal(ws_test_client& client, const std::string& cid) {
  auto error =
      client.wait_for([&](const json& m) { return m.value("type", "") == "error" && m.value("cid", "") == cid; });
  if (!error) return {"(no error)", ""};
  return {(*error)["code"].get<std::string>(), (*error)["message"].get<std::string>()};
}

std::string similar_path(int session, const std::string& query) {
  std::string encoded;
  for (unsigned char c : query) {
    if (std::isalnum(c)) {
      encoded += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      encoded += hex;
    }
  }
  return "/api/sessions/" + std::to_string(session) + "/similar?q=" + encoded + "&field=gel_fase";
}

TEST(me_too, an_official_finds_a_similar_question_joins_it_and_shares_its_private_answer_and_correction) {
  server_fixture server;
  auto moderator = server.join_moderator(server.login_demo());
  auto asker = server.join_official("Ana Gómez", "05001");
  auto joiner = server.join_official("Luis Pérez", "76", "gobernacion");
  auto bystander = server.join_official("Rosa Díaz", "76001");

  asker->send(ask("c-1", "¿Debo diligenciar las cinco fases de Gobierno en línea?"));
  auto asked = asker->wait_for_type("ack");
  ASSERT_TRUE(asked);
  const auto question = (*asked)["seq"].get<std::int64_t>();

  // What the joiner's page asks while they type: the question is found despite other words and no accents.
  auto found =
      http_call(server.port(), "GET", similar_path(server.demo_session(), "tengo que diligenciar todas las fases?"));
  ASSERT_EQ(found.status, 200) << found.body;
  auto hits = json::parse(found.body);
  ASSERT_FALSE(hits.empty()) << found.body;
  EXPECT_EQ(hits[0]["question"], question);
  EXPECT_EQ(hits[0]["field"], "gel_fase");
  EXPECT_EQ(hits[0]["text"], "¿Debo diligenciar las cinco fases de Gobierno en línea?");

  joiner->send({{"type", "me_too"}, {"cid", "c-1"}, {"question", question}});
  ASSERT_TRUE(joiner->wait_for_type("ack"));
  auto joined = [](const json& m) { return is_event(m, "question_joined"); };
  auto seen_by_asker = asker->wait_for(joined);
  ASSERT_TRUE(seen_by_asker);
  EXPECT_EQ((*seen_by_asker)["question"], question);
  EXPECT_EQ((*seen_by_asker)["asker"]["name"], "Luis Pérez");
  ASSERT_TRUE(moderator->wait_for(joined));

  moderator->send({{"type", "answer"},
                   {"cid", "m-1"},
                   {"question", question},
                   {"text", "Solo las que aplican."},
                   {"visibility", "private"}});
  auto answered = moderator->wait_for_type("ack");
  ASSERT_TRUE(answered);
  moderator->send({{"type", "correct"},
                   {"cid", "m-2"},
                   {"answer", (*answered)["seq"]},
                   {"text", "Las cinco: cada fase tiene sus criterios."}});
  ASSERT_TRUE(moderator->wait_for_type("ack"));

  auto corrected = [](const json& m) { return is_event(m, "answer_corrected"); };
  auto to_asker = asker->wait_for(corrected);
  auto to_joiner = joiner->wait_for(corrected);
  auto to_bystander = bystander->wait_for(corrected);
  ASSERT_TRUE(to_asker && to_joiner && to_bystander);
  EXPECT_EQ((*to_asker)["text"], "Las cinco: cada fase tiene sus criterios.");
  EXPECT_EQ((*to_joiner)["text"], "Las cinco: cada fase tiene sus criterios.") << "a co-asker by 'Yo también'";
  EXPECT_EQ((*to_joiner)["answer"], (*answered)["seq"]);
  EXPECT_FALSE(to_bystander->contains("text"));
  auto answer_to_joiner = std::find_if(joiner->seen().begin(), joiner->seen().end(),
                                       [](const json& m) { return is_event(m, "question_answered"); });
  ASSERT_NE(answer_to_joiner, joiner->seen().end());
  EXPECT_EQ((*answer_to_joiner)["text"], "Solo las que aplican.") << "the original stays in the transcript";

  auto transcript =
      http_call(server.port(), "GET", "/api/sessions/" + std::to_string(server.demo_session()) + "/transcript");
  EXPECT_EQ(transcript.body.find("cada fase tiene"), std::string::npos) << "a private correction stays private";
  EXPECT_NE(transcript.body.find("answer_corrected"), std::string::npos);

  // After a restart the joiner, back with their token, still belongs to the group.
  auto token = server_fixture::token_of(*joiner);
  ASSERT_FALSE(token.empty());
  server.restart();
  auto back = server.rejoin_official(token);
  auto replayed = std::find_if(back->seen().begin(), back->seen().end(), corrected);
  ASSERT_NE(replayed, back->seen().end());
  EXPECT_EQ((*replayed)["text"], "Las cinco: cada fase tiene sus criterios.");
  back->send({{"type", "me_too"}, {"cid", "c-2"}, {"question", question}});
  EXPECT_EQ(refusal(*back, "c-2").first, "question_closed") << "answered: nothing left to join";
}

TEST(me_too, bad_joins_are_refused_in_spanish_and_change_nothing) {
  server_fixture server;
  auto moderator = server.join_moderator(server.login_demo());
  auto asker = server.join_official("Ana Gómez", "05001");
  auto other = server.join_official("Luis Pérez", "76", "gobernacion");
  asker->send(ask("c-1", "¿Cuántas fases debo diligenciar?"));
  auto asked = asker->wait_for_type("ack");
  ASSERT_TRUE(asked);
  const auto question = (*asked)["seq"].get<std::int64_t>();

  asker->send({{"type", "me_too"}, {"cid", "own"}, {"question", question}});
  auto [own_code, own_message] = refusal(*asker, "own");
  EXPECT_EQ(own_code, "invalid_message");
  EXPECT_EQ(own_message, "Usted hizo esta pregunta; ya la sigue.");

  other->send({{"type", "me_too"}, {"cid", "unknown"}, {"question", 999}});
  EXPECT_EQ(refusal(*other, "unknown").first, "unknown_question");
  other->send({{"type", "me_too"}, {"cid", "shape"}, {"question", "dos"}});
  EXPECT_EQ(refusal(*other, "shape").first, "invalid_message");
  other->send({{"type", "me_too"}, {"cid", "extra"}, {"question", question}, {"text", "y yo"}});
  EXPECT_EQ(refusal(*other, "extra").first, "invalid_message");
  moderator->send({{"type", "me_too"}, {"cid", "staff"}, {"question", question}});
  EXPECT_EQ(refusal(*moderator, "staff").first, "forbidden");

  other->send({{"type", "me_too"}, {"cid", "ok"}, {"question", question}});
  ASSERT_TRUE(other->wait_for_type("ack"));
  other->send({{"type", "me_too"}, {"cid", "twice"}, {"question", question}});
  auto [twice_code, twice_message] = refusal(*other, "twice");
  EXPECT_EQ(twice_code, "invalid_message");
  EXPECT_EQ(twice_message, "Usted ya se sumó a esta pregunta.");

  auto transcript = json::parse(
      http_call(server.port(), "GET", "/api/sessions/" + std::to_string(server.demo_session()) + "/transcript").body);
  int joins = 0;
  for (const auto& e : transcript["events"]) joins += e["type"] == "question_joined";
  EXPECT_EQ(joins, 1) << "only the accepted join is recorded";
}

TEST(reopen_and_correct, a_dismissal_is_undone_and_only_staff_reopen_or_correct) {
  server_fixture server;
  auto moderator = server.join_moderator(server.login_demo());
  auto official = server.join_official();
  official->send(ask("c-1", "¿Cuántas fases debo diligenciar?"));
  auto asked = official->wait_for_type("ack");
  ASSERT_TRUE(asked);
  const auto question = (*asked)["seq"].get<std::int64_t>();

  moderator->send({{"type", "reopen"}, {"cid", "m-0"}, {"question", question}});
  EXPECT_EQ(refusal(*moderator, "m-0").first, "invalid_message") << "not dismissed";
  moderator->send({{"type", "dismiss"}, {"cid", "m-1"}, {"question", question}, {"reason", "Por error"}});
  ASSERT_TRUE(moderator->wait_for_type("ack"));
  official->send({{"type", "reopen"}, {"cid", "c-2"}, {"question", question}});
  EXPECT_EQ(refusal(*official, "c-2").first, "forbidden");
  moderator->send({{"type", "reopen"}, {"cid", "m-2"}, {"question", question}});
  ASSERT_TRUE(moderator->wait_for_type("ack"));
  auto reopened = official->wait_for([](const json& m) { return is_event(m, "question_reopened"); });
  ASSERT_TRUE(reopened);
  EXPECT_EQ((*reopened)["question"], question);

  moderator->send(
      {{"type", "answer"}, {"cid", "m-3"}, {"question", question}, {"text", "Las cinco."}, {"visibility", "public"}});
  auto answered = moderator->wait_for_type("ack");
  ASSERT_TRUE(answered);
  official->send({{"type", "correct"}, {"cid", "c-3"}, {"answer", (*answered)["seq"]}, {"text", "Ninguna."}});
  EXPECT_EQ(refusal(*official, "c-3").first, "forbidden");
  moderator->send({{"type", "correct"}, {"cid", "m-4"}, {"answer", question}, {"text", "No es una respuesta."}});
  EXPECT_EQ(refusal(*moderator, "m-4").first, "unknown_question");
  moderator->send({{"type", "correct"}, {"cid", "m-5"}, {"answer", (*answered)["seq"]}, {"text", "   "}});
  EXPECT_EQ(refusal(*moderator, "m-5").first, "invalid_text");
  moderator->send({{"type", "correct"},
                   {"cid", "m-6"},
                   {"answer", (*answered)["seq"]},
                   {"text", "Las cinco, cada una con sus criterios."}});
  ASSERT_TRUE(moderator->wait_for_type("ack"));
  auto public_correction = official->wait_for([](const json& m) { return is_event(m, "answer_corrected"); });
  ASSERT_TRUE(public_correction);
  EXPECT_EQ((*public_correction)["text"], "Las cinco, cada una con sus criterios.");

  auto export_text =
      http_call(server.port(), "GET", "/api/sessions/" + std::to_string(server.demo_session()) + "/export?format=txt");
  EXPECT_NE(export_text.body.find("Pregunta reabierta"), std::string::npos) << export_text.body;
  EXPECT_NE(export_text.body.find("Corrección de respuesta"), std::string::npos);
  EXPECT_NE(export_text.body.find("Las cinco, cada una con sus criterios."), std::string::npos);
}

TEST(similar_questions, bad_requests_are_refused_and_unknown_sessions_are_404) {
  server_fixture server;
  auto base = "/api/sessions/" + std::to_string(server.demo_session()) + "/similar";
  EXPECT_EQ(http_call(server.port(), "GET", base + "?q=fases").status, 200);
  EXPECT_EQ(http_call(server.port(), "GET", base + "?q=fases").body, "[]") << "nothing asked yet";
  EXPECT_EQ(http_call(server.port(), "GET", base + "?q=fases&limit=0").status, 400);
  EXPECT_EQ(http_call(server.port(), "GET", base + "?q=fases&limit=11").status, 400);
  EXPECT_EQ(http_call(server.port(), "GET", base + "?q=fases&cuantas=3").status, 400);
  EXPECT_EQ(http_call(server.port(), "GET", base + "?q=%22%20NEAR(%20*").status, 200);
  EXPECT_EQ(http_call(server.port(), "GET", "/api/sessions/999/similar?q=fases").status, 404);
}

}  // namespace
}  // namespace helpchat::testing
