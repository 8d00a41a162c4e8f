#include "net/http_types.hpp"

#include <gtest/gtest.h>

namespace helpchat::net {
namespace {

namespace http = boost::beast::http;

using text = std::optional<std::string>;

TEST(http_types, query_parameter_is_percent_decoded) {
  EXPECT_EQ(query_parameter("/api/search?q=caf%C3%A9", "q"), text("café"));
  EXPECT_EQ(query_parameter("/api/search?q=50%25", "q"), text("50%"));
  EXPECT_EQ(query_parameter("/api/search?q=a%2Bb%26c%3Dd", "q"), text("a+b&c=d"));
  EXPECT_EQ(query_parameter("/api/search?q=%c3%b1", "q"), text("ñ")) << "lower-case hex too";
}

TEST(http_types, plus_is_a_space) {
  EXPECT_EQ(query_parameter("/api/search?q=plan+de+acci%C3%B3n", "q"), text("plan de acción"));
}

TEST(http_types, query_parameter_finds_its_name_among_others) {
  const std::string_view target = "/api/sessions/1/transcript?since=40&limit=100&q=";
  EXPECT_EQ(query_parameter(target, "since"), text("40"));
  EXPECT_EQ(query_parameter(target, "limit"), text("100"));
  EXPECT_EQ(query_parameter(target, "q"), text(""));
  EXPECT_EQ(query_parameter("/x?flag&other=1", "flag"), text("")) << "a name without a value";
  EXPECT_EQ(query_parameter("/x?a=1&a=2", "a"), text("1")) << "the first one counts";
}

TEST(http_types, missing_query_parameter_is_nothing) {
  EXPECT_EQ(query_parameter("/api/search", "q"), std::nullopt);
  EXPECT_EQ(query_parameter("/api/search?", "q"), std::nullopt);
  EXPECT_EQ(query_parameter("/api/search?query=x", "q"), std::nullopt);
  EXPECT_EQ(query_parameter("/api/search?qq=x&xq=y", "q"), std::nullopt);
  EXPECT_EQ(query_parameter("/api/search?a=q", "q"), std::nullopt) << "a value is not a name";
}

TEST(http_types, bad_percent_encoding_is_nothing) {
  EXPECT_EQ(query_parameter("/x?q=%zz", "q"), std::nullopt);
  EXPECT_EQ(query_parameter("/x?q=%4", "q"), std::nullopt);
  EXPECT_EQ(query_parameter("/x?q=abc%", "q"), std::nullopt);
  EXPECT_EQ(query_parameter("/x?q=%g1&r=1", "q"), std::nullopt);
  EXPECT_EQ(query_parameter("/x?q=%41", "q"), text("A")) << "an escape at the very end is whole";
}

http_request with_cookie(std::string cookie) {
  http_request r{http::verb::get, "/ws", 11};
  r.set(http::field::cookie, cookie);
  return r;
}

TEST(http_types, cookie_value_finds_the_named_cookie) {
  EXPECT_EQ(cookie_value(with_cookie("hc_session=abc123"), "hc_session"), "abc123");
  EXPECT_EQ(cookie_value(with_cookie("theme=dark; hc_session=abc123; lang=es"), "hc_session"), "abc123");
  EXPECT_EQ(cookie_value(with_cookie("theme=dark;hc_session=abc123"), "hc_session"), "abc123");
  EXPECT_EQ(cookie_value(with_cookie("hc_session=a=b"), "hc_session"), "a=b") << "the value may hold '='";
}

TEST(http_types, cookie_value_is_empty_when_absent) {
  EXPECT_EQ(cookie_value(http_request{http::verb::get, "/ws", 11}, "hc_session"), "");
  EXPECT_EQ(cookie_value(with_cookie("theme=dark"), "hc_session"), "");
  EXPECT_EQ(cookie_value(with_cookie("hc_session_old=x; xhc_session=y"), "hc_session"), "") << "names match whole";
  EXPECT_EQ(cookie_value(with_cookie("hc_session="), "hc_session"), "");
  EXPECT_EQ(cookie_value(with_cookie("hc_session"), "hc_session"), "");
}

TEST(http_types, security_headers_are_added) {
  http_response response{http::status::ok, 11};
  add_security_headers(response);
  EXPECT_FALSE(response["Content-Security-Policy"].empty());
  EXPECT_EQ(response["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(response["X-Frame-Options"], "DENY");
  EXPECT_EQ(response["Referrer-Policy"], "same-origin");
}

}  // namespace
}  // namespace helpchat::net
