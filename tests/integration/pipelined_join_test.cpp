// A client on a slow link sends its commands right after `join`, without waiting a round trip for `welcome`: the
// server keeps them while the join completes and runs them in order after it, or refuses each with the join's
// error (issue 11: an `ask` right after a new official's `join` got not_joined).
#include <gtest/gtest.h>

#include "store/database.hpp"
#include "support/server_fixture.hpp"

namespace helpchat::testing {
namespace {

using json = nlohmann::json;

// A new official's join: the server writes the official to the database before it can answer `welcome`.
std::string new_official_join(int session) {
  return json{{"type", "join"},
              {"v", 1},
              {"session", session},
              {"as", "official"},
              {"cid", "j-1"},
              {"official",
               {{"name", "Rosa Pérez"},
                {"position", "Secretaria de Planeación"},
                {"entity_type", "alcaldia"},
                {"dane_code", "05001"}}}}
      .dump();
}

std::string ask(const std::string& cid) {
  return json{{"type", "ask"}, {"cid", cid}, {"field", "general"}, {"text", "Pregunta " + cid}}.dump();
}

// Reads until `count` messages of `type` arrived (or the time is up); returns every message read, in order.
std::vector<json> read_until(ws_test_client& client, const std::string& type, std::size_t count) {
  std::vector<json> read;
  std::size_t found = 0;
  while (found < count) {
    auto message = client.next();
    if (!message) break;
    found += message->value("type", "") == type;
    read.push_back(std::move(*message));
  }
  return read;
}

std::size_t position_of(const std::vector<json>& messages, const std::string& type, const std::string& cid) {
  for (std::size_t i = 0; i < messages.size(); ++i) {
    if (messages[i].value("type", "") == type && messages[i].value("cid", "") == cid) return i;
  }
  return messages.size();
}

TEST(pipelined_join, commands_sent_with_the_join_run_after_welcome_in_order) {
  server_fixture server;
  ws_test_client client(server.port());
  client.send_together({new_official_join(server.demo_session()), ask("q1"), ask("q2"), ask("q3")});

  auto read = read_until(client, "ack", 3);
  const auto welcome = position_of(read, "welcome", "j-1");
  ASSERT_LT(welcome, read.size()) << "no welcome";
  std::vector<std::int64_t> seqs;
  for (const char* cid : {"q1", "q2", "q3"}) {
    const auto ack = position_of(read, "ack", cid);
    ASSERT_LT(ack, read.size()) << "no ack for " << cid;
    EXPECT_LT(welcome, ack) << cid;
    seqs.push_back(read[ack]["seq"]);
  }
  EXPECT_LT(seqs[0], seqs[1]);
  EXPECT_LT(seqs[1], seqs[2]);
  for (const auto& message : read) EXPECT_NE(message.value("type", ""), "error") << message.dump();
}

TEST(pipelined_join, commands_past_the_bound_are_refused_by_cid_and_the_rest_run) {
  server_fixture server([](config::settings& s) { s.limits.max_commands_while_joining = 2; });
  ws_test_client client(server.port());
  client.send_together({new_official_join(server.demo_session()), ask("q1"), ask("q2"), ask("q3")});

  auto read = read_until(client, "ack", 2);
  const auto refused = position_of(read, "error", "q3");
  ASSERT_LT(refused, read.size()) << "q3 was not refused";
  EXPECT_EQ(read[refused]["code"], "rate_limited");
  EXPECT_LT(refused, position_of(read, "welcome", "j-1")) << "refused at once, before the join completes";
  EXPECT_LT(position_of(read, "ack", "q1"), read.size());
  EXPECT_LT(position_of(read, "ack", "q2"), read.size());
}

TEST(pipelined_join, when_the_join_fails_each_waiting_command_gets_its_error) {
  server_fixture server;
  {
    // Storage refuses new officials from now on (the server itself is not told).
    auto db = store::database::open(server.data_dir() / "helpchat.db");
    ASSERT_TRUE(db) << db.failure().message;
    ASSERT_TRUE(
        db->exec("CREATE TRIGGER refuse_officials BEFORE INSERT ON participants "
                 "BEGIN SELECT RAISE(ABORT, 'prueba'); END"));
  }
  ws_test_client client(server.port());
  client.send_together({new_official_join(server.demo_session()), ask("q1"), "{\"type\":\"ask\"", ask("q2")});

  auto read = read_until(client, "error", 4);
  ASSERT_EQ(read.size(), 4U);
  EXPECT_EQ(read[0]["cid"], "j-1");
  EXPECT_EQ(read[0]["code"], "unavailable");
  EXPECT_EQ(read[1]["cid"], "q1");
  EXPECT_EQ(read[1]["code"], "unavailable");
  EXPECT_EQ(read[2]["code"], "invalid_json") << "a frame that is not a command keeps its own error";
  EXPECT_EQ(read[3]["cid"], "q2");
  EXPECT_EQ(read[3]["code"], "unavailable");

  // Not joined: a command now is not_joined, and nothing waits any more.
  client.send_text(ask("q4"));
  auto after = client.wait_for_type("error");
  ASSERT_TRUE(after);
  EXPECT_EQ((*after)["cid"], "q4");
  EXPECT_EQ((*after)["code"], "not_joined");
}

}  // namespace
}  // namespace helpchat::testing
