// The live room end to end: the real server on 127.0.0.1, a real SQLite file, real WebSockets.
#include <gtest/gtest.h>

#include "support/server_fixture.hpp"

namespace helpchat::testing {
namespace {

using json = nlohmann::json;

std::vector<std::int64_t> seqs(const std::vector<json>& messages) {
  std::vector<std::int64_t> out;
  for (const auto& m : messages) {
    if (m.contains("seq") && m.value("type", "") != "ack") out.push_back(m["seq"].get<std::int64_t>());
  }
  return out;
}

json ask(const std::string& cid, const std::string& text, const std::string& field = "gel_fase") {
  return {{"type", "ask"}, {"cid", cid}, {"field", field}, {"text", text}};
}

json answer(const std::string& cid, std::int64_t question, const std::string& text, const std::string& visibility) {
  return {{"type", "answer"}, {"cid", cid}, {"question", question}, {"text", text}, {"visibility", visibility}};
}

bool is_event(const json& m, const std::string& type) { return m.contains("seq") && m.value("type", "") == type; }

TEST(live_room, official_asks_moderator_answers_and_both_see_the_same_order) {
  server_fixture server;
  auto cookie = server.login_demo();
  auto moderator = server.join_moderator(cookie);
  auto official = server.join_official();

  official->send(ask("c-1", "¿Debo diligenciar las cinco fases de Gobierno en línea?"));
  auto ack = official->wait_for_type("ack");
  ASSERT_TRUE(ack);
  EXPECT_EQ((*ack)["cid"], "c-1");
  auto asked = moderator->wait_for([](const json& m) { return is_event(m, "question_asked"); });
  ASSERT_TRUE(asked);
  EXPECT_EQ((*asked)["question"]["agency"], "mintic-gel");
  EXPECT_EQ((*asked)["question"]["asker"]["entity_name"], "Alcaldía de Medellín (Antioquia)");
  auto question = (*asked)["question"]["id"].get<std::int64_t>();
  EXPECT_EQ(question, (*ack)["seq"].get<std::int64_t>());

  moderator->send(answer("m-1", question, "Sí: las cinco fases se planean, cada una según su avance.", "public"));
  ASSERT_TRUE(moderator->wait_for_type("ack"));
  auto answered = official->wait_for([](const json& m) { return is_event(m, "question_answered"); });
  ASSERT_TRUE(answered);
  EXPECT_EQ((*answered)["text"], "Sí: las cinco fases se planean, cada una según su avance.");
  EXPECT_EQ((*answered)["question"], question);

  // Both received every event in the same order, without gaps.
  auto official_seqs = seqs(official->seen());
  auto moderator_seqs = seqs(moderator->seen());
  EXPECT_EQ(official_seqs, moderator_seqs);
  for (std::size_t i = 0; i < official_seqs.size(); ++i) EXPECT_EQ(official_seqs[i], static_cast<std::int64_t>(i + 1));
}

TEST(live_room, history_is_the_same_after_reload_and_after_restart) {
  server_fixture server;
  auto cookie = server.login_demo();
  auto official = server.join_official();
  official->send(ask("c-1", "¿Quién puede ser responsable de una actividad?", "gel_fases.responsable_cargo"));
  auto ack = official->wait_for_type("ack");
  ASSERT_TRUE(ack);
  auto token = official->seen().front()["token"].get<std::string>();
  {
    auto moderator = server.join_moderator(cookie);
    moderator->send(answer("m-1", (*ack)["seq"], "Un cargo, no una persona.", "public"));
    ASSERT_TRUE(moderator->wait_for_type("ack"));
  }
  ASSERT_TRUE(official->wait_for([](const json& m) { return is_event(m, "question_answered"); }));

  auto history = [&](std::uint16_t port, const json& join) {
    ws_test_client client(port);
    client.send(join);
    EXPECT_TRUE(client.wait_for_type("synced"));
    std::vector<json> events;
    for (const auto& m : client.seen()) {
      if (m.contains("seq") && m.value("type", "") != "ack") events.push_back(m);
    }
    return events;
  };
  json rejoin{{"type", "join"}, {"v", 1}, {"session", server.demo_session()}, {"as", "official"}, {"token", token}};
  auto before = history(server.port(), rejoin);
  ASSERT_GE(before.size(), 3u);  // state change, question, answer

  server.restart();
  auto after = history(server.port(), rejoin);
  EXPECT_EQ(before, after);

  // Resuming from a seq returns only what follows it.
  rejoin["since"] = before.size() - 1;
  auto tail = history(server.port(), rejoin);
  ASSERT_EQ(tail.size(), 1u);
  EXPECT_EQ(tail[0], before.back());
}

TEST(live_room, private_answer_reaches_only_the_asker_and_moderators) {
  server_fixture server;
  auto cookie = server.login_demo();
  auto moderator = server.join_moderator(cookie);
  auto asker = server.join_official("Ana Gómez", "05001");
  auto other = server.join_official("Luis Pérez", "76", "gobernacion");

  asker->send(ask("c-1", "¿Cómo pongo la fecha si la actividad ya empezó?", "general"));
  auto ack = asker->wait_for_type("ack");
  ASSERT_TRUE(ack);
  moderator->send(answer("m-1", (*ack)["seq"], "Ponga la fecha real de inicio.", "private"));
  ASSERT_TRUE(moderator->wait_for_type("ack"));

  auto mine = asker->wait_for([](const json& m) { return is_event(m, "question_answered"); });
  auto theirs = other->wait_for([](const json& m) { return is_event(m, "question_answered"); });
  ASSERT_TRUE(mine && theirs);
  EXPECT_EQ((*mine)["text"], "Ponga la fecha real de inicio.");
  EXPECT_FALSE(theirs->contains("text"));
  EXPECT_EQ((*theirs)["visibility"], "private");
  EXPECT_EQ((*mine)["seq"], (*theirs)["seq"]);

  auto transcript =
      http_call(server.port(), "GET", "/api/sessions/" + std::to_string(server.demo_session()) + "/transcript");
  EXPECT_EQ(transcript.status, 200);
  EXPECT_EQ(transcript.body.find("Ponga la fecha real"), std::string::npos);
}

TEST(live_room, a_private_answer_to_merged_questions_reaches_every_asker_and_survives_a_restart) {
  server_fixture server;
  auto cookie = server.login_demo();
  auto moderator = server.join_moderator(cookie);
  auto asker = server.join_official("Ana Gómez", "05001");
  auto co_asker = server.join_official("Luis Pérez", "76", "gobernacion");
  auto bystander = server.join_official("Rosa Díaz", "76001");

  asker->send(ask("c-1", "¿Qué fecha pongo si la actividad ya empezó?", "general"));
  auto first = asker->wait_for_type("ack");
  co_asker->send(ask("c-1", "Si ya empezamos, ¿qué fecha de inicio va?", "general"));
  auto second = co_asker->wait_for_type("ack");
  ASSERT_TRUE(first && second);
  moderator->send({{"type", "merge"}, {"cid", "m-1"}, {"question", (*second)["seq"]}, {"into", (*first)["seq"]}});
  ASSERT_TRUE(moderator->wait_for_type("ack"));
  moderator->send(answer("m-2", (*first)["seq"], "La fecha real de inicio.", "private"));
  ASSERT_TRUE(moderator->wait_for_type("ack"));

  auto answered = [](const json& m) { return is_event(m, "question_answered"); };
  auto to_asker = asker->wait_for(answered);
  auto to_co_asker = co_asker->wait_for(answered);
  auto to_bystander = bystander->wait_for(answered);
  ASSERT_TRUE(to_asker && to_co_asker && to_bystander);
  EXPECT_EQ((*to_asker)["text"], "La fecha real de inicio.");
  EXPECT_EQ((*to_co_asker)["text"], "La fecha real de inicio.") << "merged in: one of the group";
  EXPECT_FALSE(to_bystander->contains("text"));

  // After a restart the history is replayed from the database with the same audience: the co-asker, back with
  // their token, reads the text; a newcomer does not.
  auto token = server_fixture::token_of(*co_asker);
  ASSERT_FALSE(token.empty());
  server.restart();
  auto back = server.rejoin_official(token);
  auto newcomer = server.join_official("Otra persona", "05001");
  auto replayed_answer = [&](const ws_test_client& c) {
    auto it = std::find_if(c.seen().begin(), c.seen().end(), answered);
    return it == c.seen().end() ? json() : *it;
  };
  EXPECT_EQ(replayed_answer(*back)["text"], "La fecha real de inicio.");
  auto to_newcomer = replayed_answer(*newcomer);
  ASSERT_TRUE(to_newcomer.is_object());
  EXPECT_FALSE(to_newcomer.contains("text"));
}

TEST(live_room, a_transfer_s_reason_reaches_the_moderators_and_not_the_officials) {
  server_fixture server;
  auto moderator = server.join_moderator(server.login_demo());
  auto official = server.join_official();
  official->send(ask("c-1", "¿Cuántas fases debo diligenciar?"));
  auto ack = official->wait_for_type("ack");
  ASSERT_TRUE(ack);
  moderator->send({{"type", "transfer"},
                   {"cid", "m-1"},
                   {"question", (*ack)["seq"]},
                   {"agency", "dafp"},
                   {"reason", "Pregunta por el plan de capacitación"}});
  auto transferred = [](const json& m) { return is_event(m, "question_transferred"); };
  auto seen_by_moderator = moderator->wait_for(transferred);
  auto seen_by_official = official->wait_for(transferred);
  ASSERT_TRUE(seen_by_moderator && seen_by_official);
  EXPECT_EQ((*seen_by_moderator)["reason"], "Pregunta por el plan de capacitación");
  EXPECT_FALSE(seen_by_official->contains("reason"));
  EXPECT_EQ((*seen_by_official)["to"], "dafp");
  auto transcript =
      http_call(server.port(), "GET", "/api/sessions/" + std::to_string(server.demo_session()) + "/transcript");
  EXPECT_EQ(transcript.body.find("plan de capacitación"), std::string::npos) << "nor the public transcript";
}

TEST(live_room, a_repeated_cid_is_acknowledged_again_and_applied_once) {
  server_fixture server;
  auto official = server.join_official();
  official->send(ask("same", "¿Cuántas actividades debo poner?"));
  auto first = official->wait_for_type("ack");
  ASSERT_TRUE(first);
  auto token = official->seen().front()["token"].get<std::string>();
  official.reset();

  ws_test_client again(server.port());
  again.send({{"type", "join"},
              {"v", 1},
              {"session", server.demo_session()},
              {"as", "official"},
              {"token", token},
              {"since", (*first)["seq"]}});
  ASSERT_TRUE(again.wait_for_type("synced"));
  again.send(ask("same", "¿Cuántas actividades debo poner?"));
  auto second = again.wait_for_type("ack");
  ASSERT_TRUE(second);
  EXPECT_EQ((*second)["seq"], (*first)["seq"]);

  auto transcript = json::parse(
      http_call(server.port(), "GET", "/api/sessions/" + std::to_string(server.demo_session()) + "/transcript").body);
  int questions = 0;
  for (const auto& e : transcript["events"]) questions += e["type"] == "question_asked";
  EXPECT_EQ(questions, 1);
}

// Regression: a history larger than the send-queue bound was sent in one frame, overflowed the queue, and the
// client was closed with 1013 again and again, never catching up (found by bench/run.sh --quick, "overload").
TEST(live_room, a_history_larger_than_the_send_queue_is_replayed_in_pages) {
  server_fixture server([](config::settings& s) {
    s.limits.max_queued_bytes = 64 * 1024;
    s.limits.questions_per_official = {1000.0, 1000.0};
    s.limits.commands_per_connection = {1000.0, 1000.0};
  });
  auto official = server.join_official();
  const int questions = 120;  // 120 × ~2 KB ≈ 240 KB of history, nearly four times the queue bound
  // In rounds, reading as it goes, so the asker itself never falls behind its own bound.
  for (int i = 0; i < questions; ++i) {
    official->send(ask("h" + std::to_string(i), std::string(1900, static_cast<char>('a' + i % 26))));
    if (i % 10 == 9) {
      ASSERT_TRUE(official->wait_for([&](const json& m) { return m.value("cid", "") == "h" + std::to_string(i); }));
    }
  }

  ws_test_client late(server.port());
  late.send({{"type", "join"},
             {"v", 1},
             {"session", server.demo_session()},
             {"as", "official"},
             {"official",
              {{"name", "Tardía"}, {"position", "Planeación"}, {"entity_type", "alcaldia"}, {"dane_code", "05002"}}}});
  auto synced = late.wait_for_type("synced", std::chrono::seconds(20));
  ASSERT_TRUE(synced) << "close code " << late.close_code().value_or(0);
  auto received = seqs(late.seen());
  ASSERT_EQ(received.size(), static_cast<std::size_t>(questions + 1));
  for (std::size_t i = 0; i < received.size(); ++i) EXPECT_EQ(received[i], static_cast<std::int64_t>(i + 1));
  EXPECT_EQ((*synced)["last_seq"], questions + 1);
  EXPECT_GT(late.frames(), 1u);  // in pages
}

TEST(live_room, a_moderator_without_login_is_refused) {
  server_fixture server;
  ws_test_client client(server.port());
  client.send({{"type", "join"}, {"v", 1}, {"session", server.demo_session()}, {"as", "moderator"}});
  auto refused = client.wait_for_type("error");
  ASSERT_TRUE(refused);
  EXPECT_EQ((*refused)["code"], "unauthenticated");
}

}  // namespace
}  // namespace helpchat::testing
