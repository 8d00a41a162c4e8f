// Issue 11, item 4: out-of-range or malformed query parameters, on every route, get a 400 `invalid_message` whose
// Spanish message names the parameter and what it accepts; parameters a route does not take, or given twice, are
// refused too (docs/protocol.md, "HTTP API").
#include <gtest/gtest.h>

#include "support/server_fixture.hpp"

namespace helpchat::testing {
namespace {

using json = nlohmann::json;

class query_parameters : public ::testing::Test {
 protected:
  // Expects a 400 whose message holds `mentions` (the parameter's name, «quoted»).
  void expect_refused(const std::string& target, const std::string& mentions, const std::string& method = "GET") {
    auto response = http_call(server.port(), method, target, {}, {{"Cookie", cookie}});
    EXPECT_EQ(response.status, 400) << target;
    auto answer = json::parse(response.body, nullptr, false);
    ASSERT_TRUE(answer.is_object()) << target;
    EXPECT_EQ(answer["error"]["code"], "invalid_message") << target;
    EXPECT_NE(answer["error"]["message"].get<std::string>().find("«" + mentions + "»"), std::string::npos)
        << target << ": " << answer["error"]["message"];
  }

  int status_of(const std::string& target) { return http_call(server.port(), "GET", target).status; }

  std::string session_path() { return "/api/sessions/" + std::to_string(server.demo_session()); }

  server_fixture server;
  std::string cookie = server.login_demo();
};

TEST_F(query_parameters, transcript_since_and_limit_out_of_range_or_malformed) {
  const auto transcript = session_path() + "/transcript";
  for (const std::string since : {"-1", "abc", "", "1.5", "+1", "%201", "1e3", "99999999999999999999", "0x10"}) {
    expect_refused(transcript + "?since=" + since, "since");
  }
  for (const std::string limit : {"0", "-5", "2001", "1e20", "abc", "", "100000000000000000000"}) {
    expect_refused(transcript + "?limit=" + limit, "limit");
  }
  auto message = json::parse(http_call(server.port(), "GET", transcript + "?limit=0").body)["error"]["message"];
  EXPECT_EQ(message, "El parámetro «limit» debe ser un entero entre 1 y 2.000.");

  EXPECT_EQ(status_of(transcript + "?since=0&limit=1"), 200);
  EXPECT_EQ(status_of(transcript + "?limit=2000"), 200);
  EXPECT_EQ(status_of(transcript + "?since=1000000"), 200) << "beyond the last seq: simply nothing after it";
  auto page = json::parse(http_call(server.port(), "GET", transcript + "?since=0&limit=1").body);
  EXPECT_EQ(page["events"].size(), 1u);
}

TEST_F(query_parameters, faq_search_limit_is_1_to_20) {
  for (const std::string limit : {"0", "21", "-1", "abc", "", "5.0"})
    expect_refused("/api/faq/search?q=plan&limit=" + limit, "limit");
  EXPECT_EQ(status_of("/api/faq/search?q=plan&limit=20"), 200);
  EXPECT_EQ(status_of("/api/faq/search?q=plan&limit=1"), 200);
  EXPECT_EQ(status_of("/api/faq/search?q=plan&field=no-existe"), 200) << "an unknown field only boosts nothing";
}

TEST_F(query_parameters, entities_dept_is_two_digits_and_an_unknown_one_is_not_found) {
  for (const std::string dept : {"5", "055", "ab", "", "0a"}) expect_refused("/api/entities?dept=" + dept, "dept");
  EXPECT_EQ(status_of("/api/entities?dept=00"), 404);
  EXPECT_EQ(status_of("/api/entities?dept=05"), 200);
}

TEST_F(query_parameters, faq_field_unknown_is_not_found_and_export_format_unknown_is_refused) {
  EXPECT_EQ(status_of("/api/faq?field=no-existe"), 404);
  EXPECT_EQ(status_of("/api/faq?field="), 404);
  EXPECT_EQ(status_of(session_path() + "/export?format=pdf"), 400);
  EXPECT_EQ(status_of(session_path() + "/export?format=csv"), 200);
}

TEST_F(query_parameters, every_route_refuses_a_parameter_it_does_not_take) {
  const auto s = session_path();
  for (const std::string& path :
       {std::string("/healthz"), std::string("/readyz"), std::string("/metrics"), std::string("/api/form"),
        std::string("/api/entities"), std::string("/api/me"), std::string("/api/sessions"), s, s + "/transcript",
        s + "/export", std::string("/api/faq"), std::string("/api/faq/search"), std::string("/api/faq/drafts")}) {
    expect_refused(path + "?lmit=10", "lmit");
  }
  for (const std::string& path : {std::string("/api/login"), std::string("/api/logout"),
                                  std::string("/api/faq/drafts/1/publish"), std::string("/api/faq/drafts/1/discard")}) {
    expect_refused(path + "?x=1", "x", "POST");
  }
  expect_refused("/api/faq/drafts/1?x=1", "x", "PUT");
  EXPECT_EQ(status_of("/archivo?id=1"), 200) << "static pages ignore their query: it is for the page's script";
}

TEST_F(query_parameters, a_parameter_given_twice_is_refused) {
  expect_refused(session_path() + "/transcript?limit=1&limit=2000", "limit");
  expect_refused("/api/faq/search?q=a&q=b", "q");
  expect_refused("/api/entities?dept=05&dept=08", "dept");
}

}  // namespace
}  // namespace helpchat::testing
