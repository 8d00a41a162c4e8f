#include "protocol/json_outline.hpp"

#include <gtest/gtest.h>

#include <string>

namespace helpchat::protocol {
namespace {

TEST(json_outline, members_are_the_raw_text_of_each_key_and_value) {
  auto members = outline_object(R"( { "a" : 1e400 , "b\"c":{"d":[true,null,-0.5E-3,"x"]},"e":"\ud800" } )");
  ASSERT_TRUE(members.has_value());
  ASSERT_EQ(members->size(), 3U);
  EXPECT_EQ((*members)[0].key, R"("a")");
  EXPECT_EQ((*members)[0].value, "1e400");
  EXPECT_EQ((*members)[1].key, R"("b\"c")");
  EXPECT_EQ((*members)[1].value, R"({"d":[true,null,-0.5E-3,"x"]})");
  EXPECT_EQ((*members)[2].value, R"("\ud800")");
}

TEST(json_outline, an_empty_object_has_no_members) {
  auto members = outline_object("{}");
  ASSERT_TRUE(members.has_value());
  EXPECT_TRUE(members->empty());
}

TEST(json_outline, nesting_as_deep_as_a_frame_allows_needs_no_stack) {
  const std::string deep = std::string(60000, '[') + std::string(60000, ']');
  auto members = outline_object(R"({"x":)" + deep + "}");
  ASSERT_TRUE(members.has_value());
  EXPECT_EQ((*members)[0].value.size(), deep.size());
  EXPECT_FALSE(outline_object(R"({"x":)" + deep + "]}").has_value());
}

TEST(json_outline, anything_but_one_object_has_no_outline) {
  for (std::string_view text : {"",
                                "[]",
                                "1",
                                "\"x\"",
                                "{",
                                "{}{}",
                                "{\"a\"}",
                                "{\"a\":}",
                                "{\"a\":1,}",
                                "{\"a\":[1,]}",
                                "{\"a\":[}",
                                "{\"a\":{]}",
                                "{\"a\":-}",
                                "{\"a\":1.}",
                                "{\"a\":.5}",
                                "{\"a\":+1}",
                                "{\"a\":\"\x01\"}",
                                "{\"a\":\"\\q\"}",
                                "{\"a\":nul}",
                                "{a:1}"}) {
    EXPECT_FALSE(outline_object(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace helpchat::protocol
