// What an operator does beside a running server: `helpchat session create` and `helpchat moderator
// add|passwd|disable|edit`, the real binary in a process of its own on the server's data directory. The server takes
// each up within about a second, without a restart (app::catalog_sync).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <regex>
#include <thread>

#include "common/utc_time.hpp"
#include "support/eventually.hpp"
#include "support/server_fixture.hpp"
#include "support/server_process.hpp"

namespace helpchat::testing {
namespace {

using json = nlohmann::json;

// The server looks once a second; ten leave room for a loaded machine.
constexpr auto pickup_deadline = 10s;

template <class Predicate>
bool picked_up(Predicate done) {
  return eventually(done, pickup_deadline, 100ms);
}

std::string shell_quoted(const std::string& word) {
  std::string quoted = "'";
  for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

struct cli_result {
  int exit_code = -1;
  std::string output;
};

// Runs `helpchat ARGS… --data DATA` with `input` as its one line of standard input (a password), killed after 30 s.
cli_result run_cli(const std::vector<std::string>& args, const std::filesystem::path& data,
                   const std::string& input = {}) {
  std::string command =
      "printf '%s\\n' " + shell_quoted(input) + " | timeout 30 " + shell_quoted(server_process::binary().string());
  for (const auto& arg : args) command += " " + shell_quoted(arg);
  command += " --data " + shell_quoted(data.string()) + " 2>&1";
  cli_result result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  while (auto n = std::fread(buffer, 1, sizeof buffer, pipe)) result.output.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string bogota_time(std::chrono::system_clock::time_point at) {
  return format_local(std::chrono::time_point_cast<std::chrono::milliseconds>(at), "America/Bogota");
}

json moderator_join(int session) { return {{"type", "join"}, {"v", 1}, {"session", session}, {"as", "moderator"}}; }

TEST(cli_while_serving, a_help_session_created_while_serving_is_listed_live_and_joinable) {
  server_fixture server;
  const auto now = std::chrono::system_clock::now();
  auto created = run_cli({"session", "create", "--title", "Sesión creada en caliente", "--starts",
                          bogota_time(now - 1h), "--ends", bogota_time(now + 2h)},
                         server.data_dir());
  ASSERT_EQ(created.exit_code, 0) << created.output;
  std::smatch match;
  ASSERT_TRUE(std::regex_search(created.output, match, std::regex("created help session (\\d+)"))) << created.output;
  const int session = std::stoi(match[1]);
  ASSERT_NE(session, server.demo_session());

  // Listed, and moved along its schedule to live by the server's tick.
  ASSERT_TRUE(picked_up([&] {
    for (const auto& listed : json::parse(http_call(server.port(), "GET", "/api/sessions").body)) {
      if (listed["id"] == session && listed["state"] == "live") return true;
    }
    return false;
  }));

  ws_test_client official(server.port());
  official.send({{"type", "join"},
                 {"v", 1},
                 {"session", session},
                 {"as", "official"},
                 {"official",
                  {{"name", "Ana Gómez"},
                   {"position", "Jefe de planeación"},
                   {"entity_type", "alcaldia"},
                   {"dane_code", "05001"}}}});
  auto welcome = official.wait_for_type("welcome");
  ASSERT_TRUE(welcome);
  EXPECT_EQ((*welcome)["session"]["title"], "Sesión creada en caliente");
  ASSERT_TRUE(official.wait_for_type("synced"));
  official.send({{"type", "ask"}, {"cid", "c1"}, {"field", "general"}, {"text", "¿Ya está abierta la sesión?"}});
  auto ack = official.wait_for_type("ack");
  ASSERT_TRUE(ack);
  EXPECT_EQ((*ack)["cid"], "c1");
}

TEST(cli_while_serving, moderator_add_passwd_and_disable_take_effect_without_a_restart) {
  // Logins are polled below; the per-address limit is for strangers, not for this test.
  server_fixture server([](config::settings& s) { s.limits.logins_per_address = {100.0, 1000.0}; });
  auto login = [&](const std::string& password) {
    return http_call(server.port(), "POST", "/api/login",
                     json{{"username", "lmartinez"}, {"password", password}}.dump());
  };
  auto me = [&](const std::string& cookie) {
    return http_call(server.port(), "GET", "/api/me", {}, {{"Cookie", cookie}}).status;
  };

  auto added = run_cli({"moderator", "add", "lmartinez", "--name", "Luisa Martínez", "--agency", "dafp"},
                       server.data_dir(), "clave-primera-1234");
  ASSERT_EQ(added.exit_code, 0) << added.output;
  http_result first;
  ASSERT_TRUE(picked_up([&] {
    first = login("clave-primera-1234");
    return first.status == 200;
  })) << first.status
      << ' ' << first.body;
  EXPECT_EQ(json::parse(first.body)["you"]["agency"], "dafp");
  const auto set_cookie = first.headers["set-cookie"];
  const auto cookie = set_cookie.substr(0, set_cookie.find(';'));
  auto console = server.join_moderator(cookie);

  auto changed = run_cli({"moderator", "passwd", "lmartinez"}, server.data_dir(), "clave-segunda-5678");
  ASSERT_EQ(changed.exit_code, 0) << changed.output;
  ASSERT_TRUE(picked_up([&] { return login("clave-segunda-5678").status == 200; }));
  EXPECT_EQ(login("clave-primera-1234").status, 401);
  EXPECT_EQ(me(cookie), 200) << "a new password does not end the logins already open";

  auto disabled = run_cli({"moderator", "disable", "lmartinez"}, server.data_dir());
  ASSERT_EQ(disabled.exit_code, 0) << disabled.output;
  ASSERT_TRUE(picked_up([&] { return me(cookie) == 401; }));
  EXPECT_EQ(login("clave-segunda-5678").status, 401);

  ASSERT_TRUE(console->wait_closed(5s)) << "the open moderator connection is closed";
  EXPECT_EQ(console->close_code(), 1008);

  ws_test_client again(server.port(), {cookie, {}});
  again.send(moderator_join(server.demo_session()));
  auto refused = again.wait_for_type("error");
  ASSERT_TRUE(refused);
  EXPECT_EQ((*refused)["code"], "unauthenticated");
}

TEST(cli_while_serving, moderator_edit_of_name_agency_and_sections_reaches_the_next_join) {
  server_fixture server([](config::settings& s) { s.limits.logins_per_address = {100.0, 1000.0}; });
  const std::string faq_dir = std::string(HELPCHAT_SOURCE_DIR) + "/faq";
  auto added = run_cli({"moderator", "add", "rgomez", "--name", "Rosa Gómez", "--agency", "dafp", "--sections",
                        "racionalizacion_tramites", "--faq-dir", faq_dir},
                       server.data_dir(), "clave-rosa-1234");
  ASSERT_EQ(added.exit_code, 0) << added.output;
  http_result login;
  ASSERT_TRUE(picked_up([&] {
    login = http_call(server.port(), "POST", "/api/login",
                      json{{"username", "rgomez"}, {"password", "clave-rosa-1234"}}.dump());
    return login.status == 200;
  })) << login.status
      << ' ' << login.body;
  EXPECT_EQ(json::parse(login.body)["you"]["sections"], json::array({"racionalizacion_tramites"}));
  const auto set_cookie = login.headers["set-cookie"];
  const auto cookie = set_cookie.substr(0, set_cookie.find(';'));
  auto me = [&] { return json::parse(http_call(server.port(), "GET", "/api/me", {}, {{"Cookie", cookie}}).body); };

  auto edited = run_cli({"moderator", "edit", "rgomez", "--name", "Rosa Gómez Díaz", "--agency", "dnp-pnsc",
                         "--sections", "canales_atencion,integracion_institucional", "--faq-dir", faq_dir},
                        server.data_dir());
  ASSERT_EQ(edited.exit_code, 0) << edited.output;
  json you;
  ASSERT_TRUE(picked_up([&] {
    you = me()["you"];
    return you["agency"] == "dnp-pnsc";
  })) << you.dump();
  EXPECT_EQ(you["name"], "Rosa Gómez Díaz");
  EXPECT_EQ(you["sections"], json::array({"canales_atencion", "integracion_institucional"}));

  ws_test_client console(server.port(), {cookie, {}});
  console.send(moderator_join(server.demo_session()));
  auto welcome = console.wait_for_type("welcome");
  ASSERT_TRUE(welcome) << "an edit leaves the login open";
  EXPECT_EQ((*welcome)["you"]["agency"], "dnp-pnsc");
  EXPECT_EQ((*welcome)["you"]["name"], "Rosa Gómez Díaz");

  auto refused =
      run_cli({"moderator", "edit", "rgomez", "--sections", "gel_fases", "--faq-dir", faq_dir}, server.data_dir());
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.output.find("«gel_fases»"), std::string::npos) << refused.output;
  EXPECT_EQ(me()["you"]["sections"], json::array({"canales_atencion", "integracion_institucional"}));
}

}  // namespace
}  // namespace helpchat::testing
