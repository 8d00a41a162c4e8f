// Storage that stops taking writes and comes back, on the real server: another process holds the database's write
// lock past the writer's retry window. Every command in flight hears `unavailable`, /readyz says so, and once the
// lock is gone the server recovers by itself: resends with the same cid are acknowledged and applied once, and the
// transcript on disk has every acknowledged event once, in order. (The full-disk case, driven by SQLite's
// max_page_count on the writer's own connection, is in tests/unit/store/transcript_writer_test.cpp.)
#include <gtest/gtest.h>

#include <set>

#include "store/database.hpp"
#include "support/eventually.hpp"
#include "support/server_fixture.hpp"

namespace helpchat::testing {
namespace {

using json = nlohmann::json;

json ask(const std::string& cid, const std::string& text) {
  return {{"type", "ask"}, {"cid", cid}, {"field", "gel_fase"}, {"text", text}};
}

bool is_reply_to(const json& message, const std::string& cid) {
  auto type = message.value("type", "");
  return (type == "ack" || type == "error") && message.value("cid", "") == cid;
}

json reply_to(ws_test_client& client, const std::string& cid, std::chrono::milliseconds timeout) {
  auto reply = client.wait_for([&](const json& m) { return is_reply_to(m, cid); }, timeout);
  EXPECT_TRUE(reply) << "no reply to " << cid;
  return reply.value_or(json::object());
}

int readyz(const server_fixture& server) { return http_call(server.port(), "GET", "/readyz").status; }

TEST(storage_failure, a_lock_held_past_the_retry_window_refuses_then_the_server_recovers_by_itself) {
  server_fixture server([](config::settings& s) {
    s.storage_retry = std::chrono::seconds(1);
    s.limits.questions_per_official = {100.0, 100.0};
  });
  auto ana = server.join_official("Ana Gómez");
  auto beto = server.join_official("Beto Ríos", "08001");
  ana->send(ask("a-1", "¿Qué va en la fase de información?"));
  auto first = reply_to(*ana, "a-1", 5s);
  ASSERT_EQ(first.value("type", ""), "ack");

  auto other_process = store::database::open(server.data_dir() / "helpchat.db");
  ASSERT_TRUE(other_process.ok());
  ASSERT_TRUE(other_process->exec("BEGIN EXCLUSIVE").ok());
  ana->send(ask("a-2", "¿Y la fase de interacción?"));
  ana->send(ask("a-3", "¿Quién firma el plan?"));
  // Each commit attempt waits out SQLite's 5 s busy timeout, then the 1 s retry window ends.
  for (const std::string cid : {"a-2", "a-3"}) {
    auto refused = reply_to(*ana, cid, 20s);
    EXPECT_EQ(refused.value("type", ""), "error") << refused.dump();
    EXPECT_EQ(refused.value("code", ""), "unavailable") << refused.dump();
    EXPECT_FALSE(refused.value("message", "").empty());
  }
  EXPECT_EQ(readyz(server), 503);
  auto metrics = http_call(server.port(), "GET", "/metrics").body;
  EXPECT_NE(metrics.find("helpchat_storage_failures_total 1"), std::string::npos);
  EXPECT_NE(metrics.find("helpchat_storage_healthy 0"), std::string::npos);

  ASSERT_TRUE(other_process->exec("COMMIT").ok());
  ASSERT_TRUE(eventually([&] { return readyz(server) == 200; }, 15s, 50ms)) << "recovered without a restart";

  // The client resends what was not acknowledged, and what was (its ack got lost), with the same cids.
  auto resent_from = ana->seen().size();
  ana->send(ask("a-2", "¿Y la fase de interacción?"));
  ana->send(ask("a-3", "¿Quién firma el plan?"));
  ana->send(ask("a-1", "¿Qué va en la fase de información?"));
  // The repeat of a-1 is acknowledged at once, the others after their commit: collect the replies in any order.
  std::map<std::string, json> replies;
  auto all_replied = [&](const json&) {
    for (auto i = resent_from; i < ana->seen().size(); ++i) {
      const auto& m = ana->seen()[i];
      for (const std::string cid : {"a-1", "a-2", "a-3"}) {
        if (is_reply_to(m, cid) && !replies.contains(cid)) replies[cid] = m;
      }
    }
    return replies.size() == 3;
  };
  ASSERT_TRUE(ana->wait_for(all_replied, 10s)) << replies.size() << " replies";
  std::map<std::string, std::int64_t> acked;
  for (const auto& [cid, reply] : replies) {
    ASSERT_EQ(reply.value("type", ""), "ack") << reply.dump();
    acked[cid] = reply["seq"].get<std::int64_t>();
  }
  EXPECT_EQ(acked["a-1"], first["seq"].get<std::int64_t>()) << "applied once";
  EXPECT_EQ(acked["a-2"], acked["a-1"] + 1) << "the seq continues from the disk, with no gap";
  EXPECT_EQ(acked["a-3"], acked["a-2"] + 1);
  // Another official in the room sees the questions once they are on disk, and never saw the refused ones.
  ASSERT_TRUE(beto->wait_for([&](const json& m) { return m.value("seq", 0) == acked["a-3"]; }, 5s));

  auto transcript = json::parse(
      http_call(server.port(), "GET", "/api/sessions/" + std::to_string(server.demo_session()) + "/transcript").body);
  std::int64_t expected_seq = 1;
  std::multiset<std::string> asked;
  for (const auto& e : transcript["events"]) {
    EXPECT_EQ(e["seq"].get<std::int64_t>(), expected_seq++) << "in order, no gap, no repeat";
    if (e.value("type", "") == "question_asked") asked.insert(e["question"]["text"].get<std::string>());
  }
  EXPECT_EQ(asked.count("¿Qué va en la fase de información?"), 1u);
  EXPECT_EQ(asked.count("¿Y la fase de interacción?"), 1u);
  EXPECT_EQ(asked.count("¿Quién firma el plan?"), 1u);
  EXPECT_EQ(http_call(server.port(), "GET", "/metrics").body.find("helpchat_storage_healthy 1") != std::string::npos,
            true);
}

TEST(storage_failure, joins_fail_fast_while_storage_fails_and_work_after) {
  server_fixture server([](config::settings& s) { s.storage_retry = std::chrono::seconds(1); });
  auto other_process = store::database::open(server.data_dir() / "helpchat.db");
  ASSERT_TRUE(other_process.ok());
  ASSERT_TRUE(other_process->exec("BEGIN EXCLUSIVE").ok());
  // A new official's join writes their profile: it meets the lock, and after the retry window it is refused.
  ws_test_client carla_first(server.port());
  carla_first.send({{"type", "join"},
                    {"v", 1},
                    {"session", server.demo_session()},
                    {"as", "official"},
                    {"official",
                     {{"name", "Carla Díaz"},
                      {"position", "Secretaria de planeación"},
                      {"entity_type", "alcaldia"},
                      {"dane_code", "11001"}}}});
  auto refused = carla_first.wait_for_type("error", 20s);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->value("code", ""), "unavailable") << refused->dump();
  ASSERT_TRUE(eventually([&] { return readyz(server) == 503; }, 20s, 50ms));
  ASSERT_TRUE(other_process->exec("COMMIT").ok());
  ASSERT_TRUE(eventually([&] { return readyz(server) == 200; }, 15s, 50ms));
  auto carla = server.join_official("Carla Díaz", "11001");
  carla->send(ask("c-1", "¿Dónde se publica el plan?"));
  EXPECT_EQ(reply_to(*carla, "c-1", 5s).value("type", ""), "ack");
}

}  // namespace
}  // namespace helpchat::testing
