// Exports of a transcript (HTTP and CLI): every format readable, private answers withheld, and an HTML or formula
// payload typed by a user stays inert text in each format.
#include <gtest/gtest.h>

#include "app/commands.hpp"
#include "support/server_fixture.hpp"

namespace helpchat::testing {
namespace {

using json = nlohmann::json;
const std::string payload = "<img src=x onerror=alert(1)>";

class export_files : public ::testing::Test {
 protected:
  void SetUp() override {
    auto official = server.join_official(payload, "05001");
    official->send(
        {{"type", "ask"}, {"cid", "q"}, {"field", "general"}, {"text", "=HYPERLINK(\"http://x\") " + payload}});
    auto ack = official->wait_for_type("ack");
    ASSERT_TRUE(ack);
    auto moderator = server.join_moderator(server.login_demo());
    moderator->send({{"type", "answer"},
                     {"cid", "a"},
                     {"question", (*ack)["seq"]},
                     {"text", "Secreto " + payload},
                     {"visibility", "private"}});
    ASSERT_TRUE(moderator->wait_for_type("ack"));
  }
  http_result fetch(const std::string& format) {
    return http_call(server.port(), "GET",
                     "/api/sessions/" + std::to_string(server.demo_session()) + "/export?format=" + format);
  }
  server_fixture server;
};

TEST_F(export_files, html_escapes_user_text_and_withholds_private_answers) {
  auto html = fetch("html");
  ASSERT_EQ(html.status, 200);
  EXPECT_EQ(html.headers["content-type"], "text/html; charset=utf-8");
  EXPECT_NE(html.headers["content-disposition"].find("attachment"), std::string::npos);
  EXPECT_EQ(html.body.find("<img"), std::string::npos);
  EXPECT_NE(html.body.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_EQ(html.body.find("Secreto"), std::string::npos);
  EXPECT_NE(html.body.find("respondida en privado"), std::string::npos);
}

TEST_F(export_files, csv_quotes_cells_and_makes_formulas_inert) {
  auto csv = fetch("csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.rfind("seq,hora,tipo,pregunta,quien,campo,texto", 0), 0u);
  EXPECT_NE(csv.body.find("\"'=HYPERLINK(\"\"http://x\"\")"), std::string::npos) << csv.body;
  EXPECT_EQ(csv.body.find("Secreto"), std::string::npos);
}

TEST_F(export_files, text_and_json_and_unknown_format) {
  auto text = fetch("txt");
  ASSERT_EQ(text.status, 200);
  EXPECT_NE(text.body.find("Pregunta (pregunta 2)"), std::string::npos) << text.body;
  auto data = json::parse(fetch("json").body);
  EXPECT_EQ(data["events"].size(), 3u);
  EXPECT_EQ(fetch("pdf").status, 400);
}

TEST_F(export_files, the_cli_exports_the_same_as_http) {
  std::ostringstream out, err;
  std::istringstream in;
  auto no_env = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  int code = app::run_command({"export", "--session", std::to_string(server.demo_session()), "--format", "csv",
                               "--data", server.data_dir().string()},
                              no_env, in, out, err);
  ASSERT_EQ(code, 0) << err.str();
  EXPECT_EQ(out.str(), fetch("csv").body);
}

}  // namespace
}  // namespace helpchat::testing
