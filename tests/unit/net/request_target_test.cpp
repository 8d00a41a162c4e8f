// request_target (Boost.URL underneath) and check_request: what enters is decoded and UTF-8, or refused.
#include "net/request_target.hpp"

#include <gtest/gtest.h>

#include "net/http_types.hpp"

namespace helpchat::net {
namespace {

namespace http = boost::beast::http;

using text = std::optional<std::string_view>;

request_target parsed(std::string_view target) {
  auto out = request_target::parse(target);
  EXPECT_TRUE(out.ok()) << target;
  return out.ok() ? std::move(out).value() : request_target{};
}

std::string refusal(std::string_view target) {
  auto out = request_target::parse(target);
  EXPECT_FALSE(out.ok()) << target;
  if (out.ok()) return {};
  EXPECT_EQ(out.failure().code, error_code::invalid_message);
  return out.failure().message;
}

TEST(request_target, parameters_are_percent_decoded_with_plus_as_space) {
  auto target = parsed("/api/faq/search?q=plan+de+acci%C3%B3n&limit=5&x=50%25&y=a%2Bb%26c%3Dd&z=%c3%b1");
  EXPECT_EQ(target.find("q"), text("plan de acción"));
  EXPECT_EQ(target.find("limit"), text("5"));
  EXPECT_EQ(target.find("x"), text("50%"));
  EXPECT_EQ(target.find("y"), text("a+b&c=d"));
  EXPECT_EQ(target.find("z"), text("ñ")) << "lower-case hex too";
}

TEST(request_target, a_name_without_a_value_is_empty_and_a_missing_one_is_nothing) {
  auto target = parsed("/x?flag&other=1&a=1&a=2");
  EXPECT_EQ(target.find("flag"), text(""));
  EXPECT_EQ(target.find("a"), text("1")) << "the first one";
  EXPECT_EQ(target.parameters().size(), 4u) << "repeats are kept, for the caller to refuse";
  EXPECT_EQ(target.find("q"), std::nullopt);
  EXPECT_EQ(parsed("/x?a=q").find("q"), std::nullopt) << "a value is not a name";
  EXPECT_TRUE(parsed("/x").parameters().empty());
}

TEST(request_target, the_path_is_split_into_decoded_segments) {
  auto target = parsed("/api/sessions/7/transcript?since=3");
  EXPECT_EQ(target.path(), "/api/sessions/7/transcript");
  EXPECT_EQ(target.segments(), (std::vector<std::string>{"api", "sessions", "7", "transcript"}));
  EXPECT_EQ(parsed("/api/faq%2Fsearch").segments(), (std::vector<std::string>{"api", "faq/search"}))
      << "an escaped slash stays inside its segment";
  EXPECT_TRUE(parsed("/").segments().empty());
  EXPECT_EQ(parsed("/caf%C3%A9").path(), "/café");
}

TEST(request_target, malformed_percent_encoding_is_refused) {
  for (std::string_view target : {"/x?q=%zz", "/x?q=%4", "/x?q=abc%", "/x?q=%G1&r=1", "/x?q=%", "/%G1", "/a%"}) {
    EXPECT_EQ(refusal(target), "La dirección de la solicitud está mal formada.") << target;
  }
}

TEST(request_target, what_is_not_origin_form_is_refused) {
  for (std::string_view target : {"", "*", "x", "http://example.com/", "/a b", "/\xFF", "/x?q=\xC3\xB1"}) {
    EXPECT_EQ(refusal(target), "La dirección de la solicitud está mal formada.") << testing::PrintToString(target);
  }
}

TEST(request_target, escapes_that_decode_to_invalid_utf8_are_refused) {
  // Issue 11: each of these ended the process once decoded into an error message.
  for (std::string_view target :
       {"/api/faq?field=%FF", "/api/faq?field=%ED%A0%80", "/api/entities?dept=%FF", "/x?q=%C0%AF", "/x?q=%E0%80%AF",
        "/x?q=%F4%90%80%80", "/x?q=%C3", "/x?%FF=1", "/%FF", "/api/sessions/%ED%A0%80"}) {
    EXPECT_EQ(refusal(target), "La dirección contiene caracteres que no son UTF-8 válido.") << target;
  }
}

http_request request_with(std::string_view field, std::string value, std::string body = {}) {
  http_request r{http::verb::post, "/api/login", 11};
  r.set(field, value);
  r.body() = std::move(body);
  return r;
}

TEST(check_request, refuses_header_values_that_are_not_utf8) {
  for (std::string_view field : {"Origin", "Cookie", "Host", "X-Cualquiera"}) {
    auto checked = check_request(request_with(field, "a\xFF"));
    ASSERT_FALSE(checked.ok()) << field;
    EXPECT_EQ(checked.failure().code, error_code::invalid_message);
    EXPECT_NE(checked.failure().message.find(field), std::string::npos) << "names the header";
  }
  EXPECT_TRUE(check_request(request_with("Origin", "http://ñandú.example")).ok());
}

TEST(check_request, refuses_a_body_that_is_not_utf8) {
  auto checked = check_request(request_with("Host", "x", "{\"username\":\"\xED\xA0\x80\"}"));
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.failure().message, "El cuerpo de la solicitud no es UTF-8 válido.");
  EXPECT_TRUE(check_request(request_with("Host", "x", "{\"username\":\"peña\"}")).ok());
}

TEST(check_request, returns_the_parsed_target) {
  http_request r{http::verb::get, "/api/entities?dept=05", 11};
  auto checked = check_request(r);
  ASSERT_TRUE(checked.ok());
  EXPECT_EQ(checked->find("dept"), text("05"));
}

}  // namespace
}  // namespace helpchat::net
