// The FAQ over HTTP and in the room: listing, search (accents, field boost, hostile input), questions resolved by
// an FAQ entry before reaching a moderator, and a live answer proposed, published and exported as an entry.
#include <gtest/gtest.h>

#include <fstream>

#include "app/commands.hpp"
#include "support/server_fixture.hpp"

namespace helpchat::testing {
namespace {

using json = nlohmann::json;

std::string url_encode(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

json search(const server_fixture& server, const std::string& q, const std::string& extra = "") {
  auto response = http_call(server.port(), "GET", "/api/faq/search?q=" + url_encode(q) + extra);
  EXPECT_EQ(response.status, 200) << q;
  return json::parse(response.body);
}

TEST(faq_api, lists_entries_grouped_and_per_field) {
  server_fixture server;
  auto all = json::parse(http_call(server.port(), "GET", "/api/faq").body);
  EXPECT_FALSE(all.empty());
  auto per_field = json::parse(http_call(server.port(), "GET", "/api/faq?field=gel_fase").body);
  ASSERT_TRUE(per_field.is_array());
  ASSERT_FALSE(per_field.empty());
  EXPECT_EQ(http_call(server.port(), "GET", "/api/faq?field=no_existe").status, 404);
}

TEST(faq_api, search_ignores_accents_and_boosts_the_picked_field) {
  server_fixture server;
  auto with_accents = search(server, "¿Qué es la fase de Transacción en línea?");
  auto without = search(server, "que es la fase de transaccion en linea");
  ASSERT_FALSE(with_accents.empty());
  ASSERT_FALSE(without.empty());
  EXPECT_EQ(with_accents[0]["id"], without[0]["id"]);
  for (const auto& hit : with_accents) {
    EXPECT_TRUE(hit.contains("question") && hit.contains("answer") && hit.contains("score") && hit.contains("fields"));
  }

  auto boosted = search(server, "plazo", "&field=gel_fases.fecha_fin&limit=3");
  ASSERT_FALSE(boosted.empty());
  bool mentions_field = false;
  for (const auto& f : boosted[0]["fields"]) {
    auto id = f.get<std::string>();
    mentions_field = mentions_field || id == "gel_fases.fecha_fin" || id == "fecha_fin" || id == "gel_fases";
  }
  EXPECT_TRUE(mentions_field) << boosted.dump();
  EXPECT_LE(boosted.size(), 3u);
}

TEST(faq_api, empty_long_and_hostile_queries_do_not_fail) {
  server_fixture server;
  EXPECT_TRUE(search(server, "").empty());
  EXPECT_TRUE(search(server, "   ").empty());
  search(server, std::string(3000, 'a'));
  for (std::string hostile : {"\"", "fase*", "a:b", "(gel", "NEAR(a b)", "-fase", "^fase", "' OR 1=1 --",
                              "\"; DROP TABLE faq_entry; --", "fase AND OR NOT"}) {
    auto hits = search(server, hostile);
    EXPECT_TRUE(hits.is_array()) << hostile;
  }
  EXPECT_EQ(http_call(server.port(), "GET", "/api/faq/search?q=%ZZ").status, 400) << "a malformed escape (issue 11)";
}

TEST(faq_api, a_question_resolved_by_the_faq_never_reaches_the_queue) {
  server_fixture server;
  auto official = server.join_official();
  auto entry = search(server, "cinco fases gobierno en linea")[0]["id"].get<std::string>();
  official->send({{"type", "ask"},
                  {"cid", "f1"},
                  {"field", "gel_fase"},
                  {"text", "¿Debo llenar las cinco fases?"},
                  {"resolved_by_faq", entry}});
  auto ack = official->wait_for_type("ack");
  ASSERT_TRUE(ack);
  // The event arrives before its ack.
  auto seen = official->seen();
  auto asked =
      std::find_if(seen.begin(), seen.end(), [](const json& m) { return m.value("type", "") == "question_asked"; });
  ASSERT_NE(asked, seen.end());
  EXPECT_EQ((*asked)["question"]["resolved_by_faq"], entry);

  auto moderator = server.join_moderator(server.login_demo());
  moderator->send({{"type", "claim"}, {"cid", "m1"}, {"question", (*ack)["seq"]}});
  auto refused = moderator->wait_for_type("error");
  ASSERT_TRUE(refused);
  EXPECT_EQ((*refused)["code"], "question_closed");

  official->send(
      {{"type", "ask"}, {"cid", "f2"}, {"field", "general"}, {"text", "x"}, {"resolved_by_faq", "no-existe"}});
  auto unknown = official->wait_for_type("error");
  ASSERT_TRUE(unknown);
  EXPECT_EQ((*unknown)["code"], "unknown_faq");

  auto metrics = http_call(server.port(), "GET", "/metrics").body;
  EXPECT_NE(metrics.find("helpchat_questions_answered_by_faq_total{field=\"gel_fase\"} 1"), std::string::npos)
      << metrics;
}

TEST(faq_api, a_live_answer_becomes_a_published_entry_and_is_exported) {
  server_fixture server;
  auto cookie = server.login_demo();
  auto official = server.join_official("Ana Gómez Identificable", "05001");
  official->send({{"type", "ask"},
                  {"cid", "q"},
                  {"field", "canal_tipo"},
                  {"text", "¿El chat del sitio web cuenta como canal virtual?"}});
  auto ack = official->wait_for_type("ack");
  ASSERT_TRUE(ack);
  auto moderator = server.join_moderator(cookie);
  moderator->send({{"type", "answer"},
                   {"cid", "a"},
                   {"question", (*ack)["seq"]},
                   {"text", "Sí: un chat atendido por la entidad es un canal virtual de atención."},
                   {"visibility", "public"}});
  auto answer_ack = moderator->wait_for_type("ack");
  ASSERT_TRUE(answer_ack);

  // Only moderators may propose.
  EXPECT_EQ(
      http_call(server.port(), "POST", "/api/faq/drafts", json{{"session", 1}, {"answer", (*answer_ack)["seq"]}}.dump())
          .status,
      401);
  auto proposed = http_call(server.port(), "POST", "/api/faq/drafts",
                            json{{"session", server.demo_session()}, {"answer", (*answer_ack)["seq"]}}.dump(),
                            {{"Cookie", cookie}});
  ASSERT_EQ(proposed.status, 201) << proposed.body;
  auto draft = json::parse(proposed.body);
  EXPECT_EQ(draft["status"], "draft");
  EXPECT_EQ(draft["agency"], "dnp-pnsc");
  EXPECT_EQ(proposed.body.find("Identificable"), std::string::npos);  // the asker's identity is not copied

  auto id = std::to_string(draft["id"].get<int>());
  auto edited = http_call(server.port(), "PUT", "/api/faq/drafts/" + id,
                          json{{"entry_id", "canales-chat-sitio-web"},
                               {"question", "¿Un chat en el sitio web es un canal virtual?"},
                               {"tags", {"chat", "canal virtual"}}}
                              .dump(),
                          {{"Cookie", cookie}});
  ASSERT_EQ(edited.status, 200) << edited.body;
  auto bad = http_call(server.port(), "PUT", "/api/faq/drafts/" + id, json{{"fields", {"campo_inventado"}}}.dump(),
                       {{"Cookie", cookie}});
  EXPECT_EQ(bad.status, 400);

  EXPECT_TRUE(search(server, "chat sitio web canal virtual").empty() ||
              search(server, "chat sitio web canal virtual")[0]["id"] != "canales-chat-sitio-web");
  auto published = http_call(server.port(), "POST", "/api/faq/drafts/" + id + "/publish", "", {{"Cookie", cookie}});
  ASSERT_EQ(published.status, 200) << published.body;
  auto hits = search(server, "chat del sitio web canal virtual");
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0]["id"], "canales-chat-sitio-web");

  temp_directory out_dir;
  std::ostringstream out, err;
  std::istringstream in;
  auto no_env = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  int code = app::run_command({"faq", "export", "--to", out_dir.path().string(), "--data", server.data_dir().string(),
                               "--faq-dir", std::string(HELPCHAT_SOURCE_DIR) + "/faq"},
                              no_env, in, out, err);
  ASSERT_EQ(code, 0) << err.str();
  std::ifstream file(out_dir.path() / "canales_atencion.json");
  auto exported = json::parse(file);
  ASSERT_EQ(exported.size(), 1u);
  EXPECT_EQ(exported[0]["id"], "canales-chat-sitio-web");
  EXPECT_EQ(exported[0]["status"], "published");
}

TEST(faq_api, the_faq_check_command_passes_on_the_repository_content) {
  std::ostringstream out, err;
  std::istringstream in;
  auto no_env = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  int code =
      app::run_command({"faq", "check", "--faq-dir", std::string(HELPCHAT_SOURCE_DIR) + "/faq"}, no_env, in, out, err);
  EXPECT_EQ(code, 0) << out.str() << err.str();
  EXPECT_NE(out.str().find("0 errores"), std::string::npos) << out.str();
}

}  // namespace
}  // namespace helpchat::testing
