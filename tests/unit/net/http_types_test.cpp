#include "net/http_types.hpp"

#include <gtest/gtest.h>

namespace helpchat::net {
namespace {

namespace http = boost::beast::http;

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
