// What an operator relies on, shown on the real binary: SIGTERM loses nothing acknowledged, /readyz drains,
// backups taken while serving restore to the same transcript, and a bad configuration refuses to start naming the key.
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <map>

#include "app/commands.hpp"
#include "support/server_fixture.hpp"
#include "support/server_process.hpp"

namespace helpchat::testing {
namespace {

using json = nlohmann::json;
const std::vector<std::string> generous_limits{"--demo", "--questions-per-minute", "100000", "--commands-per-second",
                                               "100000", "--command-burst",        "100000"};

json join_official(int session, int n) {
  return {{"type", "join"},
          {"v", 1},
          {"session", session},
          {"as", "official"},
          {"official",
           {{"name", "Funcionaria " + std::to_string(n)},
            {"position", "Planeación"},
            {"entity_type", "alcaldia"},
            {"dane_code", "05001"}}}};
}

json transcript(std::uint16_t port, int session) {
  return json::parse(
      http_call(port, "GET", "/api/sessions/" + std::to_string(session) + "/transcript?limit=2000").body);
}

int run(std::vector<std::string> args, std::string* output = nullptr) {
  std::ostringstream out, err;
  std::istringstream in;
  auto no_env = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  int code = app::run_command(std::move(args), no_env, in, out, err);
  if (output) *output = out.str() + err.str();
  return code;
}

TEST(operations, sigterm_under_load_exits_cleanly_and_loses_nothing_acknowledged) {
  temp_directory data;
  std::map<std::string, std::int64_t> acknowledged;  // question text → seq
  int session = 0;
  {
    server_process server(data.path(), generous_limits);
    session = server.demo_session();
    std::vector<std::unique_ptr<ws_test_client>> clients;
    for (int i = 0; i < 8; ++i) {
      clients.push_back(std::make_unique<ws_test_client>(server.port()));
      clients.back()->send(join_official(session, i));
      ASSERT_TRUE(clients.back()->wait_for_type("synced"));
    }
    // Each client keeps questions in flight; SIGTERM lands in the middle, once some are acknowledged.
    auto ask_round = [&](int round) {
      for (std::size_t c = 0; c < clients.size(); ++c) {
        clients[c]->send({{"type", "ask"},
                          {"cid", "r" + std::to_string(round)},
                          {"field", "general"},
                          {"text", "pregunta " + std::to_string(c) + "-" + std::to_string(round)}});
      }
    };
    for (int round = 0; round < 20; ++round) ask_round(round);
    ASSERT_TRUE(clients[0]->wait_for([](const json& m) { return m.value("cid", "") == "r5"; }));
    server.signal(SIGTERM);
    for (int round = 20; round < 40; ++round) ask_round(round);
    for (std::size_t c = 0; c < clients.size(); ++c) {
      while (clients[c]->next(std::chrono::seconds(5))) {
      }
      for (const auto& m : clients[c]->seen()) {
        if (m.value("type", "") == "ack") {
          acknowledged["pregunta " + std::to_string(c) + "-" + m.at("cid").get<std::string>().substr(1)] = m["seq"];
        }
      }
      EXPECT_TRUE(clients[c]->close_code() == 1001 || !clients[c]->close_code()) << *clients[c]->close_code();
    }
    auto code = server.wait_exit(std::chrono::seconds(15));
    ASSERT_TRUE(code.has_value()) << "the server did not exit after SIGTERM";
    EXPECT_EQ(*code, 0);
  }
  ASSERT_GE(acknowledged.size(), 6u);  // at least client 0's first six

  server_process again(data.path(), {});
  auto events = transcript(again.port(), session)["events"];
  std::map<std::int64_t, std::string> stored;
  for (const auto& e : events) {
    if (e["type"] == "question_asked") stored[e["seq"]] = e["question"]["text"];
  }
  for (const auto& [text, seq] : acknowledged) {
    ASSERT_TRUE(stored.count(seq)) << "acknowledged seq " << seq << " is missing after restart";
    EXPECT_EQ(stored[seq], text);
  }
}

TEST(operations, readyz_answers_503_while_draining) {
  temp_directory data;
  server_process server(data.path(), {"--demo", "--drain-seconds", "3"});
  EXPECT_EQ(http_call(server.port(), "GET", "/readyz").status, 200);
  server.signal(SIGTERM);
  int status = 200;
  for (int i = 0; i < 50 && status == 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    status = http_call(server.port(), "GET", "/readyz").status;
  }
  EXPECT_EQ(status, 503);
  EXPECT_EQ(http_call(server.port(), "GET", "/healthz").status, 200);  // alive while draining
  EXPECT_EQ(server.wait_exit(std::chrono::seconds(15)), 0);
}

TEST(operations, a_backup_taken_while_serving_restores_the_same_transcript) {
  temp_directory data;
  temp_directory elsewhere;
  server_fixture server;
  auto official = server.join_official();
  for (int i = 0; i < 3; ++i) {
    official->send({{"type", "ask"},
                    {"cid", "b" + std::to_string(i)},
                    {"field", "general"},
                    {"text", "Respaldo " + std::to_string(i)}});
    ASSERT_TRUE(official->wait_for_type("ack"));
  }
  auto backup = elsewhere.path() / "copia.db";
  std::string output;
  ASSERT_EQ(run({"backup", "--to", backup.string(), "--data", server.data_dir().string()}, &output), 0) << output;
  EXPECT_NE(run({"backup", "--to", backup.string(), "--data", server.data_dir().string()}, &output),
            0);  // no overwrite
  auto before = transcript(server.port(), server.demo_session());

  auto restored_dir = elsewhere.path() / "restaurado";
  ASSERT_EQ(run({"restore", "--from", backup.string(), "--data", restored_dir.string()}, &output), 0) << output;
  EXPECT_NE(run({"restore", "--from", backup.string(), "--data", restored_dir.string()}, &output), 0);  // needs --force
  server_process restored(restored_dir, {});
  auto after = transcript(restored.port(), server.demo_session());
  EXPECT_EQ(before["events"], after["events"]);
  EXPECT_EQ(before["events"].size(), 4u);
}

TEST(operations, metrics_pass_promtool_and_count_what_happened) {
  server_fixture server;
  auto official = server.join_official();
  official->send({{"type", "ask"}, {"cid", "m1"}, {"field", "gel_fase"}, {"text", "¿Cuántas fases hay?"}});
  auto ack = official->wait_for_type("ack");
  ASSERT_TRUE(ack);
  auto moderator = server.join_moderator(server.login_demo());
  moderator->send({{"type", "claim"}, {"cid", "c1"}, {"question", (*ack)["seq"]}});
  ASSERT_TRUE(moderator->wait_for_type("ack"));
  official->send_text("not json");
  ASSERT_TRUE(official->wait_for_type("error"));

  auto metrics = http_call(server.port(), "GET", "/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.headers["content-type"].find("text/plain"), std::string::npos);
  for (const char* expected :
       {"helpchat_connections 2", "helpchat_help_sessions{state=\"live\"} 1",
        "helpchat_questions{state=\"assigned\",agency=\"mintic-gel\"} 1",
        "helpchat_refusals_total{code=\"invalid_json\"} 1", "helpchat_seconds_to_claim_count 1",
        "helpchat_transcript_commit_seconds_count", "helpchat_transcript_batch_size_bucket",
        "helpchat_transcript_commit_seconds_max ", "helpchat_wal_pages ", "helpchat_wal_checkpoints_total ",
        "helpchat_wal_checkpoint_failures_total 0", "helpchat_wal_checkpoint_seconds_bucket{le=\"+Inf\"}"}) {
    EXPECT_NE(metrics.body.find(expected), std::string::npos) << expected << "\n" << metrics.body;
  }
  temp_directory scratch;
  auto file = scratch.path() / "metrics.txt";
  std::ofstream(file) << metrics.body;
  std::string command =
      "promtool check metrics < " + file.string() + " > " + (scratch.path() / "out.txt").string() + " 2>&1";
  int rc = std::system(command.c_str());
  std::ifstream report(scratch.path() / "out.txt");
  std::string complaints((std::istreambuf_iterator<char>(report)), std::istreambuf_iterator<char>());
  EXPECT_EQ(rc, 0) << complaints;
}

TEST(operations, an_invalid_configuration_refuses_to_start_and_names_the_key) {
  std::string output;
  EXPECT_EQ(run({"serve", "--port", "abc"}, &output), 2);
  EXPECT_NE(output.find("'port'"), std::string::npos) << output;
  EXPECT_EQ(run({"serve", "--no-such-flag"}, &output), 2);
  EXPECT_NE(output.find("--no-such-flag"), std::string::npos) << output;
  EXPECT_EQ(run({"serve", "--help"}, &output), 0);
  EXPECT_NE(output.find("--threads"), std::string::npos);
}

}  // namespace
}  // namespace helpchat::testing
