#include "common/error_code.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace helpchat {
namespace {

// Every code of the closed set, in declaration order. A code added to the enum and not here fails
// every_code_is_listed_here.
const std::vector<error_code> all_codes{
    error_code::invalid_json,        error_code::invalid_message,   error_code::unknown_type,
    error_code::unsupported_version, error_code::not_joined,        error_code::already_joined,
    error_code::unknown_session,     error_code::unknown_field,     error_code::unknown_faq,
    error_code::unknown_entity,      error_code::invalid_text,      error_code::unauthenticated,
    error_code::forbidden,           error_code::session_not_open,  error_code::unknown_question,
    error_code::question_closed,     error_code::question_taken,    error_code::rate_limited,
    error_code::unavailable,         error_code::internal,          error_code::not_found,
    error_code::method_not_allowed,  error_code::payload_too_large,
};

TEST(error_code, every_code_is_listed_here) {
  for (std::size_t i = 0; i < all_codes.size(); ++i) EXPECT_EQ(static_cast<std::size_t>(all_codes[i]), i);
  EXPECT_EQ(static_cast<std::size_t>(error_code::payload_too_large) + 1, all_codes.size());
}

TEST(error_code, every_code_has_a_unique_wire_name) {
  std::set<std::string_view> names;
  for (auto code : all_codes) {
    auto name = to_string(code);
    EXPECT_FALSE(name.empty());
    EXPECT_EQ(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_"), std::string_view::npos) << name;
    EXPECT_TRUE(names.insert(name).second) << "duplicate " << name;
  }
  EXPECT_EQ(names.size(), all_codes.size());
}

TEST(error_code, wire_names_are_the_protocol_names) {
  EXPECT_EQ(to_string(error_code::invalid_json), "invalid_json");
  EXPECT_EQ(to_string(error_code::unsupported_version), "unsupported_version");
  EXPECT_EQ(to_string(error_code::question_taken), "question_taken");
  EXPECT_EQ(to_string(error_code::payload_too_large), "payload_too_large");
}

TEST(error_code, every_code_has_a_spanish_message) {
  std::set<std::string_view> messages;
  for (auto code : all_codes) {
    auto message = default_message(code);
    EXPECT_GE(message.size(), 5u) << to_string(code);
    EXPECT_TRUE(message.ends_with(".")) << message;
    EXPECT_TRUE(messages.insert(message).second) << "shared message: " << message;
  }
  EXPECT_EQ(default_message(error_code::forbidden), "Su rol no permite esta acción.");
}

TEST(error_code, wire_name_round_trips) {
  for (auto code : all_codes) {
    auto back = error_code_from_string(to_string(code));
    ASSERT_TRUE(back.has_value()) << to_string(code);
    EXPECT_EQ(*back, code) << to_string(code);
  }
}

TEST(error_code, unknown_wire_name_is_nothing) {
  EXPECT_FALSE(error_code_from_string("").has_value());
  EXPECT_FALSE(error_code_from_string("Invalid_JSON").has_value());
  EXPECT_FALSE(error_code_from_string("invalid_json ").has_value());
  EXPECT_FALSE(error_code_from_string("teapot").has_value());
}

TEST(error_code, error_of_uses_the_default_message_unless_given_one) {
  auto plain = error::of(error_code::rate_limited);
  EXPECT_EQ(plain.code, error_code::rate_limited);
  EXPECT_EQ(plain.message, default_message(error_code::rate_limited));
  auto precise = error::of(error_code::invalid_text, "La pregunta está vacía.");
  EXPECT_EQ(precise.message, "La pregunta está vacía.");
}

TEST(result, holds_a_value_or_a_failure) {
  result<int> good = 4;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 4);
  result<int> bad = error::of(error_code::not_found);
  EXPECT_FALSE(bad.ok());
  EXPECT_FALSE(static_cast<bool>(bad));
  EXPECT_EQ(bad.failure().code, error_code::not_found);
  status fine = done{};
  EXPECT_TRUE(fine.ok());
}

}  // namespace
}  // namespace helpchat
