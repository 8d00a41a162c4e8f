// "Yo también", similar questions, reopening, corrections, consults and blocking end to end: the real server on
// 127.0.0.1, a real SQLite file, real WebSockets and HTTP.
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

// The first message already seen that matches, or the next one to arrive (events come before their command's ack).
std::optional<json> seen_or_next(ws_test_client& client, const std::function<bool(const json&)>& match) {
  auto seen = std::find_if(client.seen().begin(), client.seen().end(), match);
  if (seen != client.seen().end()) return *seen;
  return client.wait_for(match);
}

// A join with `token` that is expected to be refused: the error's code and message.
std::pair<std::string, std::string> refused_rejoin(server_fixture& server, const std::string& token) {
  ws_test_client client(server.port());
  client.send({{"type", "join"},
               {"v", 1},
               {"cid", "again"},
               {"session", server.demo_session()},
               {"as", "official"},
               {"token", token}});
  return refusal(client, "again");
}

// The public transcript, as anyone reads it.
std::string transcript_of(server_fixture& server) {
  return http_call(server.port(), "GET", "/api/sessions/" + std::to_string(server.demo_session()) + "/transcript").body;
}

TEST(blocking, a_blocked_official_is_closed_with_1008_refused_and_their_open_questions_hidden_from_the_public) {
  // Joins from the blocked official's address are slowed in the next test; here every client shares 127.0.0.1.
  server_fixture server([](config::settings& s) { s.limits.blocked_address_join_spacing = std::chrono::seconds(0); });
  auto cookie = server.login_agency_moderator("mintic-gel");
  auto moderator = server.join_moderator(cookie);
  auto abuser = server.join_official("Ana Gómez", "05001");
  auto bystander = server.join_official("Rosa Díaz", "76001");
  abuser->send(ask("c-1", "Texto ofensivo que nadie debería leer"));
  auto asked = abuser->wait_for_type("ack");
  ASSERT_TRUE(asked);
  const auto question = (*asked)["seq"].get<std::int64_t>();
  auto token = server_fixture::token_of(*abuser);
  auto asked_event = moderator->wait_for([&](const json& m) { return is_event(m, "question_asked"); });
  ASSERT_TRUE(asked_event);
  const auto abuser_id = (*asked_event)["question"]["asker"]["participant"].get<std::int64_t>();

  moderator->send({{"type", "block"}, {"cid", "m-1"}, {"participant", abuser_id}, {"reason", "Mensajes ofensivos"}});
  ASSERT_TRUE(moderator->wait_for_type("ack"));
  auto blocked = [](const json& m) { return is_event(m, "official_blocked"); };
  auto to_moderator = seen_or_next(*moderator, blocked);
  ASSERT_TRUE(to_moderator);
  EXPECT_EQ((*to_moderator)["reason"], "Mensajes ofensivos");
  EXPECT_EQ((*to_moderator)["official"]["name"], "Ana Gómez");
  EXPECT_EQ((*to_moderator)["hidden"], json::array({question}));
  auto to_bystander = bystander->wait_for(blocked);
  ASSERT_TRUE(to_bystander);
  EXPECT_EQ((*to_bystander)["hidden"], json::array({question}));
  EXPECT_FALSE(to_bystander->contains("reason"));
  EXPECT_FALSE(to_bystander->contains("official"));

  ASSERT_TRUE(abuser->wait_closed());
  EXPECT_EQ(abuser->close_code(), 1008);
  auto [code, message] = refused_rejoin(server, token);
  EXPECT_EQ(code, "forbidden");
  EXPECT_EQ(message, "Su participación en esta sesión fue bloqueada por un moderador.");

  // Someone joining now, the public transcript and the export keep that a question was asked, not its text.
  auto newcomer = server.join_official("Luis Pérez", "76", "gobernacion");
  auto replayed = std::find_if(newcomer->seen().begin(), newcomer->seen().end(), [&](const json& m) {
    return is_event(m, "question_asked") && m["question"]["id"] == question;
  });
  ASSERT_NE(replayed, newcomer->seen().end());
  EXPECT_EQ((*replayed)["question"]["hidden"], true);
  EXPECT_FALSE((*replayed)["question"].contains("text"));
  EXPECT_FALSE((*replayed)["question"].contains("asker"));
  EXPECT_EQ(transcript_of(server).find("ofensivo"), std::string::npos);
  EXPECT_EQ(transcript_of(server).find("Mensajes ofensivos"), std::string::npos) << "the reason is for moderators";
  auto export_text =
      http_call(server.port(), "GET", "/api/sessions/" + std::to_string(server.demo_session()) + "/export?format=txt");
  EXPECT_EQ(export_text.body.find("ofensivo"), std::string::npos) << export_text.body;
  EXPECT_NE(export_text.body.find("Pregunta oculta por moderación"), std::string::npos) << export_text.body;

  // Moderators still read everything, and so does everyone after a restart: nothing is un-hidden.
  server.restart();
  auto back = server.join_moderator(server.login_agency_moderator("mintic-gel"));
  auto original = std::find_if(back->seen().begin(), back->seen().end(), [&](const json& m) {
    return is_event(m, "question_asked") && m["question"]["id"] == question;
  });
  ASSERT_NE(original, back->seen().end());
  EXPECT_EQ((*original)["question"]["text"], "Texto ofensivo que nadie debería leer");
  EXPECT_EQ(transcript_of(server).find("ofensivo"), std::string::npos);
  EXPECT_EQ(refused_rejoin(server, token).first, "forbidden") << "still blocked after the restart";

  // Only an admin lets them back in.
  back->send({{"type", "unblock"}, {"cid", "m-2"}, {"participant", abuser_id}});
  EXPECT_EQ(refusal(*back, "m-2").first, "forbidden");
  auto admin = server.join_moderator(server.login_demo());
  admin->send({{"type", "unblock"}, {"cid", "a-1"}, {"participant", abuser_id}});
  ASSERT_TRUE(admin->wait_for_type("ack"));
  auto readmitted = server.rejoin_official(token);
  readmitted->send(ask("c-2", "¿Ahora sí puedo preguntar?"));
  EXPECT_TRUE(readmitted->wait_for_type("ack"));
}

TEST(blocking, a_moderator_cannot_be_blocked_and_joins_from_a_blocked_address_are_slowed) {
  server_fixture server([](config::settings& s) { s.limits.blocked_address_join_spacing = std::chrono::seconds(2); });
  auto moderator = server.join_moderator(server.login_agency_moderator("dafp"));
  auto admin = server.join_moderator(server.login_demo());
  auto official = server.join_official("Ana Gómez", "05001");
  auto colleague = server.join_official("Rosa Díaz", "76001");
  official->send(ask("c-1", "Spam"));
  ASSERT_TRUE(official->wait_for_type("ack"));
  auto asked_event = moderator->wait_for([&](const json& m) { return is_event(m, "question_asked"); });
  ASSERT_TRUE(asked_event);
  const auto official_id = (*asked_event)["question"]["asker"]["participant"].get<std::int64_t>();
  auto welcome = std::find_if(admin->seen().begin(), admin->seen().end(),
                              [](const json& m) { return m.value("type", "") == "welcome"; });
  ASSERT_NE(welcome, admin->seen().end());
  const auto admin_id = (*welcome)["you"]["participant"].get<std::int64_t>();

  moderator->send({{"type", "block"}, {"cid", "m-1"}, {"participant", admin_id}, {"reason", "Prueba"}});
  EXPECT_EQ(refusal(*moderator, "m-1").first, "forbidden");
  moderator->send({{"type", "block"}, {"cid", "m-2"}, {"participant", official_id}, {"reason", " "}});
  EXPECT_EQ(refusal(*moderator, "m-2").first, "invalid_text");
  colleague->send({{"type", "block"}, {"cid", "c-9"}, {"participant", official_id}, {"reason", "Me molesta"}});
  EXPECT_EQ(refusal(*colleague, "c-9").first, "forbidden");
  moderator->send({{"type", "block"}, {"cid", "m-3"}, {"participant", official_id}, {"reason", "Spam"}});
  ASSERT_TRUE(moderator->wait_for_type("ack"));
  ASSERT_TRUE(official->wait_closed());
  EXPECT_EQ(official->close_code(), 1008);
  EXPECT_TRUE(colleague->wait_for([](const json& m) { return is_event(m, "official_blocked"); }))
      << "an official on the same address is not closed";

  // A new registration from the blocked official's address waits its turn; the server is still there for it.
  ws_test_client retry(server.port());
  retry.send(
      {{"type", "join"},
       {"v", 1},
       {"cid", "j-1"},
       {"session", server.demo_session()},
       {"as", "official"},
       {"official",
        {{"name", "Otro Nombre"}, {"position", "Secretario"}, {"entity_type", "alcaldia"}, {"dane_code", "05001"}}}});
  auto [code, message] = refusal(retry, "j-1");
  EXPECT_EQ(code, "rate_limited");
  EXPECT_NE(message.find("espere unos segundos"), std::string::npos) << message;
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  EXPECT_NO_THROW(server.join_official("Otro Nombre", "05001")) << "one join per spacing goes ahead";
}

TEST(consult, another_agency_suggests_an_answer_that_only_moderators_read) {
  server_fixture server;
  auto owner = server.join_moderator(server.login_agency_moderator("mintic-gel"));
  auto consulted = server.join_moderator(server.login_agency_moderator("dafp"));
  auto official = server.join_official();
  official->send(ask("c-1", "¿Quién firma el plan en la fase de transformación?"));
  auto asked = official->wait_for_type("ack");
  ASSERT_TRUE(asked);
  const auto question = (*asked)["seq"].get<std::int64_t>();

  owner->send({{"type", "consult"}, {"cid", "m-0"}, {"question", question}, {"agency", "mintic-gel"}, {"note", "¿?"}});
  auto [own_code, own_message] = refusal(*owner, "m-0");
  EXPECT_EQ(own_code, "invalid_message") << "consult of one's own agency";
  EXPECT_NE(own_message.find("otra entidad"), std::string::npos) << own_message;
  owner->send({{"type", "consult"}, {"cid", "m-00"}, {"question", question}, {"agency", "nadie"}, {"note", "¿?"}});
  EXPECT_EQ(refusal(*owner, "m-00").first, "invalid_message");
  consulted->send({{"type", "suggest"}, {"cid", "d-0"}, {"question", question}, {"text", "Antes de tiempo."}});
  EXPECT_EQ(refusal(*consulted, "d-0").first, "forbidden") << "nobody consulted dafp yet";

  owner->send({{"type", "consult"},
               {"cid", "m-1"},
               {"question", question},
               {"agency", "dafp"},
               {"note", "¿Lo firma el jefe de talento humano?"}});
  ASSERT_TRUE(owner->wait_for_type("ack"));
  auto consult_event = seen_or_next(*consulted, [](const json& m) { return is_event(m, "question_consulted"); });
  ASSERT_TRUE(consult_event);
  EXPECT_EQ((*consult_event)["note"], "¿Lo firma el jefe de talento humano?");
  consulted->send({{"type", "suggest"},
                   {"cid", "d-1"},
                   {"question", question},
                   {"text", "Lo firma el alcalde; talento humano lo revisa."}});
  ASSERT_TRUE(consulted->wait_for_type("ack"));
  auto suggestion = seen_or_next(*owner, [](const json& m) { return is_event(m, "answer_suggested"); });
  ASSERT_TRUE(suggestion);
  EXPECT_EQ((*suggestion)["text"], "Lo firma el alcalde; talento humano lo revisa.");
  EXPECT_EQ((*suggestion)["agency"], "dafp");

  auto seen_by_official = official->wait_for([](const json& m) { return is_event(m, "answer_suggested"); });
  ASSERT_TRUE(seen_by_official);
  EXPECT_FALSE(seen_by_official->contains("text"));
  for (const auto& m : official->seen()) {
    EXPECT_FALSE(is_event(m, "question_consulted") && m.contains("note")) << m.dump();
  }
  auto public_transcript = transcript_of(server);
  EXPECT_EQ(public_transcript.find("talento humano"), std::string::npos) << "notes and suggestions stay inside";
  server.restart();
  auto later = server.join_moderator(server.login_agency_moderator("mintic-gel"));
  auto recorded = std::find_if(later->seen().begin(), later->seen().end(),
                               [](const json& m) { return is_event(m, "answer_suggested"); });
  ASSERT_NE(recorded, later->seen().end()) << "recorded for the moderators";
  EXPECT_EQ((*recorded)["text"], "Lo firma el alcalde; talento humano lo revisa.");
}

TEST(reopen_and_correct, an_over_long_correction_is_refused_and_changes_nothing) {
  server_fixture server;
  auto moderator = server.join_moderator(server.login_demo());
  auto official = server.join_official();
  official->send(ask("c-1", "¿Cuántas fases debo diligenciar?"));
  auto asked = official->wait_for_type("ack");
  ASSERT_TRUE(asked);
  moderator->send({{"type", "answer"},
                   {"cid", "m-1"},
                   {"question", (*asked)["seq"]},
                   {"text", "Las cinco."},
                   {"visibility", "public"}});
  auto answered = moderator->wait_for_type("ack");
  ASSERT_TRUE(answered);
  moderator->send(
      {{"type", "correct"}, {"cid", "m-2"}, {"answer", (*answered)["seq"]}, {"text", std::string(4001, 'a')}});
  EXPECT_EQ(refusal(*moderator, "m-2").first, "invalid_text");
  EXPECT_EQ(transcript_of(server).find("answer_corrected"), std::string::npos);
  moderator->send({{"type", "correct"}, {"cid", "m-3"}, {"answer", (*answered)["seq"]}, {"text", "Las cinco, todas."}});
  EXPECT_TRUE(moderator->wait_for_type("ack")) << "the connection still works";
}

}  // namespace
}  // namespace helpchat::testing
