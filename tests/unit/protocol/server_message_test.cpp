#include "protocol/server_message.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "protocol/client_message.hpp"

namespace helpchat::protocol {
namespace {

using json = nlohmann::json;

utc_time at(std::string_view text) {
  auto parsed = parse_utc(text);
  EXPECT_TRUE(parsed.has_value()) << text;
  return parsed.value_or(utc_time{});
}

chat::help_session_info a_session() {
  return {
      help_session_id{1},
      "Plan de Acción 2012 — \"GEL\"",
      {at("2012-05-29T13:00:00Z"), at("2012-05-29T14:00:00Z"), at("2012-05-29T16:00:00Z"), at("2012-06-05T00:00:00Z")},
      "America/Bogota"};
}

chat::participant ana() {
  chat::participant p;
  p.id = participant_id{7};
  p.role = auth::role::official;
  p.name = "Ana Gómez";
  p.official = {"Secretaria de Planeación", chat::entity_type::alcaldia, "05001", "Alcaldía de Medellín (Antioquia)"};
  return p;
}

chat::participant marta() {
  chat::participant p;
  p.id = participant_id{10};
  p.role = auth::role::moderator;
  p.name = "Marta Ruiz";
  p.agency = "dafp";
  return p;
}

TEST(server_message, welcome_for_an_official_carries_the_session_profile_and_token) {
  auto text = encode_welcome(a_session(), chat::session_state::live, ana(), "k2J-token", "j-1");
  EXPECT_EQ(text.rfind(R"({"type":"welcome","v":1,)", 0), 0u) << text;
  auto j = json::parse(text);
  EXPECT_EQ(j["session"], (json{{"id", 1},
                                {"title", "Plan de Acción 2012 — \"GEL\""},
                                {"state", "live"},
                                {"opens_at", "2012-05-29T13:00:00Z"},
                                {"starts_at", "2012-05-29T14:00:00Z"},
                                {"ends_at", "2012-05-29T16:00:00Z"},
                                {"archives_at", "2012-06-05T00:00:00Z"},
                                {"time_zone", "America/Bogota"}}));
  EXPECT_EQ(j["you"], (json{{"participant", 7},
                            {"role", "official"},
                            {"name", "Ana Gómez"},
                            {"position", "Secretaria de Planeación"},
                            {"entity_type", "alcaldia"},
                            {"dane_code", "05001"},
                            {"entity_name", "Alcaldía de Medellín (Antioquia)"}}));
  EXPECT_EQ(j["token"], "k2J-token");
  EXPECT_EQ(j["cid"], "j-1");
}

TEST(server_message, welcome_for_a_moderator_has_the_agency_and_no_token) {
  auto j = json::parse(encode_welcome(a_session(), chat::session_state::open_for_questions, marta(), "", ""));
  EXPECT_EQ(j["you"], (json{{"participant", 10}, {"role", "moderator"}, {"name", "Marta Ruiz"}, {"agency", "dafp"}}));
  EXPECT_EQ(j["session"]["state"], "open_for_questions");
  EXPECT_FALSE(j.contains("token"));
  EXPECT_FALSE(j.contains("cid")) << "a join without cid gets none back";
}

TEST(server_message, synced_names_the_last_seq) {
  EXPECT_EQ(encode_synced(42), R"({"type":"synced","last_seq":42})");
  EXPECT_EQ(encode_synced(0), R"({"type":"synced","last_seq":0})");
}

TEST(server_message, ack_names_the_cid_and_seq) {
  EXPECT_EQ(encode_ack("c-17", 43), R"({"type":"ack","cid":"c-17","seq":43})");
  EXPECT_EQ(json::parse(encode_ack("comillas \" y \\ barra", 1))["cid"], "comillas \" y \\ barra");
}

TEST(server_message, error_carries_cid_code_and_spanish_message) {
  auto j = json::parse(encode_error("c-17", error::of(error_code::invalid_text, "La pregunta está vacía.")));
  EXPECT_EQ(
      j, (json{{"type", "error"}, {"cid", "c-17"}, {"code", "invalid_text"}, {"message", "La pregunta está vacía."}}));
}

TEST(server_message, error_without_a_readable_cid_has_no_cid) {
  auto j = json::parse(encode_error("", error::of(error_code::invalid_json)));
  EXPECT_FALSE(j.contains("cid"));
  EXPECT_EQ(j["code"], "invalid_json");
  EXPECT_EQ(j["message"], std::string(default_message(error_code::invalid_json)));
}

TEST(server_message, session_summary_is_the_welcome_session) {
  auto summary = json::parse(encode_session_summary(a_session(), chat::session_state::closed));
  auto welcome = json::parse(encode_welcome(a_session(), chat::session_state::closed, marta(), "", ""));
  EXPECT_EQ(summary, welcome["session"]);
  EXPECT_EQ(summary["state"], "closed");
}

TEST(server_message, invalid_utf8_in_a_name_does_not_throw) {
  auto who = ana();
  who.name = "Ana \xc3";
  std::string text;
  EXPECT_NO_THROW(text = encode_welcome(a_session(), chat::session_state::live, who, "", ""));
  EXPECT_TRUE(json::accept(text)) << text;
}

// Regression (was a bug): docs/protocol.md ("Version") says the unsupported_version error carries "the `versions` it
// does speak"; encode_error() never writes them, so a client cannot tell which version to load. See the report:
// server/protocol/server_message.cpp, encode_error().
TEST(server_message, unsupported_version_error_lists_the_versions_spoken) {
  auto j = json::parse(encode_error("j-1", error::of(error_code::unsupported_version)));
  EXPECT_EQ(j["code"], "unsupported_version");
  EXPECT_EQ(j["versions"], json::array({version}));
}

}  // namespace
}  // namespace helpchat::protocol
