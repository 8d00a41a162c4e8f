#include "protocol/event_codec.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <vector>

namespace helpchat::protocol {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

utc_time at(std::string_view text) {
  auto parsed = parse_utc(text);
  EXPECT_TRUE(parsed.has_value()) << text;
  return parsed.value_or(utc_time{});
}

const chat::moderator_ref marta{participant_id{10}, "Marta Ruiz", "mintic-gel"};

chat::event event_of(seq_t seq, chat::event_body body) {
  return chat::event{seq, at("2012-05-29T14:03:07Z") + 250ms, std::move(body), std::nullopt};
}

chat::question_asked a_question() {
  chat::question_asked q;
  q.field = "gel_fase";
  q.section = "gel";
  q.agency = "mintic-gel";
  q.text = "¿Debo diligenciar las cinco fases?\nGracias.";
  q.asker = {participant_id{7},
             "Ana Gómez",
             {"Secretaria de Planeación", chat::entity_type::gobernacion, "05", "Gobernación de Antioquia"}};
  return q;
}

// One event of every type, with every member set to something other than its default.
std::vector<chat::event> one_of_each() {
  return {
      event_of(1, chat::session_state_changed{chat::session_state::scheduled, chat::session_state::live}),
      event_of(2, a_question()),
      event_of(3, chat::question_claimed{question_id{2}, marta}),
      event_of(4, chat::question_answered{question_id{2}, chat::visibility::public_, "Sí, las cinco.", marta,
                                          participant_id{7}}),
      event_of(5, chat::question_answered{question_id{2},
                                          chat::visibility::private_,
                                          "Por correo.",
                                          marta,
                                          participant_id{7},
                                          {participant_id{8}, participant_id{9}}}),
      event_of(6, chat::question_transferred{question_id{2}, "mintic-gel", "dafp", marta, "Es de talento humano"}),
      event_of(7, chat::question_merged{question_id{2}, question_id{1}, marta}),
      event_of(8, chat::question_dismissed{question_id{2}, "Pregunta repetida", marta}),
      event_of(9, chat::question_answered_by_faq{question_id{2}, "gel-fases-todas"}),
      event_of(10, chat::question_claimed{question_id{2}, marta, /*automatic=*/true}),
      event_of(11, chat::question_released{question_id{2}, marta, chat::release_reason::moderator_left}),
      event_of(12, chat::moderator_paused{marta, true}),
      event_of(13, chat::question_joined{question_id{2}, a_question().asker}),
      event_of(14, chat::question_reopened{question_id{2}, marta}),
      event_of(15, chat::answer_corrected{question_id{2},
                                          5,
                                          "Por correo certificado.",
                                          marta,
                                          chat::visibility::private_,
                                          participant_id{7},
                                          {participant_id{8}}}),
      event_of(16, chat::question_consulted{question_id{2}, "dafp", "¿Qué norma aplica?", marta}),
      event_of(17,
               chat::answer_suggested{question_id{2}, "La Ley 909 de 2004.", {participant_id{12}, "Diana", "dafp"}}),
      event_of(18, chat::official_blocked{a_question().asker, "Mensajes ofensivos", marta, {question_id{2}}}),
      event_of(19, chat::official_unblocked{participant_id{7}, marta}),
  };
}

const json_event_encoder encoder;

chat::event decoded(const std::string& full, std::optional<chat::event_origin> origin = std::nullopt) {
  auto e = decode_event(full, std::move(origin));
  if (!e) {
    ADD_FAILURE() << e.failure().message << " in " << full;
    return {};
  }
  return std::move(e).value();
}

TEST(event_codec, every_event_type_survives_encode_then_decode) {
  for (const auto& original : one_of_each()) {
    auto encoded = encoder.encode(original);
    auto back = decoded(*encoded.full);
    SCOPED_TRACE(*encoded.full);
    EXPECT_EQ(back.seq, original.seq);
    EXPECT_EQ(back.at, original.at);
    EXPECT_EQ(back.body.index(), original.body.index());
    // Same bytes again: nothing was lost on the way.
    EXPECT_EQ(*encoder.encode(back).full, *encoded.full);
    EXPECT_EQ(*encoder.encode(back).redacted, *encoded.redacted);
  }
}

TEST(event_codec, decoded_members_match_the_original) {
  auto events = one_of_each();
  auto asked = std::get<chat::question_asked>(decoded(*encoder.encode(events[1]).full).body);
  EXPECT_EQ(asked.field, "gel_fase");
  EXPECT_EQ(asked.section, "gel");
  EXPECT_EQ(asked.agency, "mintic-gel");
  EXPECT_EQ(asked.text, "¿Debo diligenciar las cinco fases?\nGracias.");
  EXPECT_EQ(asked.asker.participant, participant_id{7});
  EXPECT_EQ(asked.asker.name, "Ana Gómez");
  EXPECT_EQ(asked.asker.profile.position, "Secretaria de Planeación");
  EXPECT_EQ(asked.asker.profile.entity, chat::entity_type::gobernacion);
  EXPECT_EQ(asked.asker.profile.dane_code, "05");
  EXPECT_EQ(asked.asker.profile.entity_name, "Gobernación de Antioquia");

  auto answered = std::get<chat::question_answered>(decoded(*encoder.encode(events[4]).full).body);
  EXPECT_EQ(answered.question, question_id{2});
  EXPECT_EQ(answered.scope, chat::visibility::private_);
  EXPECT_EQ(answered.text, "Por correo.");
  EXPECT_EQ(answered.asker, participant_id{7});
  EXPECT_EQ(answered.co_askers, (std::vector<participant_id>{participant_id{8}, participant_id{9}}));
  EXPECT_EQ(answered.moderator.participant, marta.participant);
  EXPECT_EQ(answered.moderator.name, marta.name);
  EXPECT_EQ(answered.moderator.agency, marta.agency);

  auto moved = std::get<chat::question_transferred>(decoded(*encoder.encode(events[5]).full).body);
  EXPECT_EQ(moved.from, "mintic-gel");
  EXPECT_EQ(moved.to, "dafp");
  EXPECT_EQ(moved.reason, "Es de talento humano");
  EXPECT_FALSE(std::get<chat::question_claimed>(decoded(*encoder.encode(events[2]).full).body).automatic);
  EXPECT_TRUE(std::get<chat::question_claimed>(decoded(*encoder.encode(events[9]).full).body).automatic);
  auto released = std::get<chat::question_released>(decoded(*encoder.encode(events[10]).full).body);
  EXPECT_EQ(released.question, question_id{2});
  EXPECT_EQ(released.moderator.participant, marta.participant);
  EXPECT_EQ(released.reason, chat::release_reason::moderator_left);
  auto paused = std::get<chat::moderator_paused>(decoded(*encoder.encode(events[11]).full).body);
  EXPECT_TRUE(paused.paused);
  EXPECT_EQ(paused.moderator.name, marta.name);
  auto merged = std::get<chat::question_merged>(decoded(*encoder.encode(events[6]).full).body);
  EXPECT_EQ(merged.into, question_id{1});
  auto dismissed = std::get<chat::question_dismissed>(decoded(*encoder.encode(events[7]).full).body);
  EXPECT_EQ(dismissed.reason, "Pregunta repetida");
  auto by_faq = std::get<chat::question_answered_by_faq>(decoded(*encoder.encode(events[8]).full).body);
  EXPECT_EQ(by_faq.faq, "gel-fases-todas");
  auto change = std::get<chat::session_state_changed>(decoded(*encoder.encode(events[0]).full).body);
  EXPECT_EQ(change.from, chat::session_state::scheduled);
  EXPECT_EQ(change.to, chat::session_state::live);
}

TEST(event_codec, question_answered_by_faq_before_sending_keeps_its_entry) {
  auto e = one_of_each()[1];
  std::get<chat::question_asked>(e.body).resolved_by_faq = "gel-fases-todas";
  auto full = *encoder.encode(e).full;
  EXPECT_EQ(json::parse(full)["question"]["resolved_by_faq"], "gel-fases-todas");
  auto back = std::get<chat::question_asked>(decoded(full).body);
  EXPECT_EQ(back.resolved_by_faq, std::optional<std::string>("gel-fases-todas"));
  EXPECT_FALSE(json::parse(*encoder.encode(one_of_each()[1]).full)["question"].contains("resolved_by_faq"))
      << "absent unless set";
  EXPECT_FALSE(std::get<chat::question_asked>(decoded(*encoder.encode(one_of_each()[1]).full).body).resolved_by_faq);
}

TEST(event_codec, origin_comes_from_the_caller_not_the_json) {
  auto e = one_of_each()[1];
  e.origin = chat::event_origin{participant_id{7}, "c-17"};
  auto full = *encoder.encode(e).full;
  EXPECT_EQ(full.find("c-17"), std::string::npos) << "the cid is not broadcast";
  auto back = decoded(full, chat::event_origin{participant_id{7}, "c-17"});
  ASSERT_TRUE(back.origin.has_value());
  EXPECT_EQ(back.origin->participant, participant_id{7});
  EXPECT_EQ(back.origin->cid, "c-17");
  EXPECT_FALSE(decoded(full).origin.has_value());
}

TEST(event_codec, wire_form_starts_with_seq_at_and_type) {
  auto full = *encoder.encode(one_of_each()[2]).full;
  EXPECT_EQ(full.rfind(R"({"seq":3,"at":"2012-05-29T14:03:07.250Z","type":"question_claimed",)", 0), 0u) << full;
  auto j = json::parse(full);
  EXPECT_EQ(j["question"], 2);
  EXPECT_EQ(j["moderator"], (json{{"participant", 10}, {"name", "Marta Ruiz"}, {"agency", "mintic-gel"}}));
}

TEST(event_codec, question_asked_names_its_id_and_asker) {
  auto j = json::parse(*encoder.encode(one_of_each()[1]).full);
  EXPECT_EQ(j["type"], "question_asked");
  EXPECT_EQ(j["question"]["id"], 2) << "a question's id is its seq";
  EXPECT_EQ(j["question"]["field"], "gel_fase");
  EXPECT_EQ(j["question"]["asker"]["entity_type"], "gobernacion");
  EXPECT_EQ(j["question"]["asker"]["dane_code"], "05") << "DANE codes stay text, leading zero and all";
  EXPECT_EQ(j["question"]["asker"]["entity_name"], "Gobernación de Antioquia");
}

TEST(event_codec, private_answer_has_a_redacted_form_without_text) {
  auto answered = one_of_each()[4];
  auto encoded = encoder.encode(answered);
  EXPECT_TRUE(encoded.is_private());
  EXPECT_NE(encoded.full, encoded.redacted);
  EXPECT_EQ(encoded.seq, 5);
  EXPECT_EQ(encoded.audience, (std::vector<participant_id>{participant_id{7}, participant_id{8}, participant_id{9}}));
  auto full = json::parse(*encoded.full);
  auto redacted = json::parse(*encoded.redacted);
  EXPECT_EQ(full["text"], "Por correo.");
  EXPECT_FALSE(redacted.contains("text"));
  EXPECT_EQ(encoded.redacted->find("Por correo."), std::string::npos);
  EXPECT_EQ(redacted["seq"], 5) << "everyone receives every seq";
  EXPECT_EQ(redacted["at"], full["at"]);
  EXPECT_EQ(redacted["type"], "question_answered");
  EXPECT_EQ(redacted["visibility"], "private");
  EXPECT_EQ(redacted["question"], 2);
  EXPECT_EQ(redacted["answer"], 5);
  EXPECT_EQ(redacted["moderator"], full["moderator"]);
}

TEST(event_codec, public_events_share_one_buffer_for_full_and_redacted) {
  for (const auto& e : one_of_each()) {
    if (chat::is_private(e)) continue;
    auto encoded = encoder.encode(e);
    EXPECT_EQ(encoded.full, encoded.redacted) << *encoded.full;
    EXPECT_FALSE(encoded.is_private());
  }
  auto public_answer = json::parse(*encoder.encode(one_of_each()[3]).redacted);
  EXPECT_EQ(public_answer["text"], "Sí, las cinco.");
  EXPECT_EQ(public_answer["visibility"], "public");
}

TEST(event_codec, type_names_are_the_protocol_names) {
  std::vector<std::string> names;
  for (const auto& e : one_of_each()) names.emplace_back(type_name(e.body));
  EXPECT_EQ(names, (std::vector<std::string>{
                       "session_state_changed", "question_asked", "question_claimed", "question_answered",
                       "question_answered", "question_transferred", "question_merged", "question_dismissed",
                       "question_answered_by_faq", "question_claimed", "question_released", "moderator_paused",
                       "question_joined", "question_reopened", "answer_corrected", "question_consulted",
                       "answer_suggested", "official_blocked", "official_unblocked"}));
}

TEST(event_codec, whole_second_times_have_no_milliseconds) {
  auto e = one_of_each()[0];
  e.at = at("2012-05-29T14:00:00Z");
  auto j = json::parse(*encoder.encode(e).full);
  EXPECT_EQ(j["at"], "2012-05-29T14:00:00Z");
  EXPECT_EQ(decoded(*encoder.encode(e).full).at, e.at);
}

TEST(event_codec, invalid_utf8_is_replaced_rather_than_thrown) {
  auto e = one_of_each()[1];
  std::get<chat::question_asked>(e.body).text = "mal \xff texto";
  chat::committed_event encoded;
  EXPECT_NO_THROW(encoded = encoder.encode(e));
  ASSERT_NE(encoded.full, nullptr);
  EXPECT_NE(encoded.full->find("\xEF\xBF\xBD"), std::string::npos) << "U+FFFD stands in for the bad byte";
}

TEST(event_codec, damaged_stored_events_are_refused_not_thrown) {
  const std::vector<std::string> damaged{
      "",
      "not json",
      R"({"seq":1,"at":"2012-05-29T14:00:00Z"})",
      R"({"seq":1,"at":"ayer","type":"session_state_changed","from":"scheduled","to":"live"})",
      R"({"seq":1,"at":"2012-05-29T14:00:00Z","type":"question_shouted","question":1})",
      R"({"seq":1,"at":"2012-05-29T14:00:00Z","type":"session_state_changed","from":"scheduled","to":"party"})",
      R"({"seq":1,"at":"2012-05-29T14:00:00Z","type":"question_claimed","question":"dos","moderator":{}})",
      R"({"seq":5,"at":"2012-05-29T14:00:00Z","type":"question_answered","question":2,"answer":5,)"
      R"("visibility":"private","asker":7,"moderator":{"participant":10,"name":"M","agency":"dafp"}})",
  };
  for (const auto& text : damaged) {
    result<chat::event> e = error::of(error_code::internal);
    EXPECT_NO_THROW(e = decode_event(text, std::nullopt)) << text;
    ASSERT_FALSE(e.ok()) << text;
    EXPECT_EQ(e.failure().code, error_code::internal) << text;
  }
}

TEST(event_codec, joined_reopened_and_corrected_keep_their_members) {
  auto events = one_of_each();
  auto joined = std::get<chat::question_joined>(decoded(*encoder.encode(events[12]).full).body);
  EXPECT_EQ(joined.question, question_id{2});
  EXPECT_EQ(joined.official.participant, participant_id{7});
  EXPECT_EQ(joined.official.profile.entity_name, "Gobernación de Antioquia");
  auto reopened = std::get<chat::question_reopened>(decoded(*encoder.encode(events[13]).full).body);
  EXPECT_EQ(reopened.moderator.name, marta.name);
  auto corrected = std::get<chat::answer_corrected>(decoded(*encoder.encode(events[14]).full).body);
  EXPECT_EQ(corrected.answer, 5);
  EXPECT_EQ(corrected.text, "Por correo certificado.");
  EXPECT_EQ(corrected.scope, chat::visibility::private_);
  EXPECT_EQ(corrected.co_askers, (std::vector<participant_id>{participant_id{8}}));
}

TEST(event_codec, a_private_answer_s_correction_reaches_only_its_audience) {
  auto encoded = encoder.encode(one_of_each()[14]);
  EXPECT_TRUE(encoded.is_private());
  EXPECT_EQ(encoded.audience, (std::vector<participant_id>{participant_id{7}, participant_id{8}}));
  EXPECT_EQ(json::parse(*encoded.full)["text"], "Por correo certificado.");
  auto redacted = json::parse(*encoded.redacted);
  EXPECT_FALSE(redacted.contains("text"));
  EXPECT_EQ(redacted["answer"], 5) << "everyone learns that the answer was corrected";
}

TEST(event_codec, a_transfer_s_reason_is_for_the_moderators_alone) {
  auto encoded = encoder.encode(one_of_each()[5]);
  EXPECT_TRUE(encoded.is_private());
  EXPECT_TRUE(encoded.audience.empty()) << "no official is addressed";
  EXPECT_EQ(json::parse(*encoded.full)["reason"], "Es de talento humano");
  auto redacted = json::parse(*encoded.redacted);
  EXPECT_FALSE(redacted.contains("reason"));
  EXPECT_EQ(redacted["to"], "dafp") << "everyone still learns where it went";
}

TEST(event_codec, consults_and_suggestions_are_for_the_moderators_alone) {
  auto events = one_of_each();
  auto consult = encoder.encode(events[15]);
  EXPECT_TRUE(consult.is_private());
  EXPECT_TRUE(consult.audience.empty());
  EXPECT_EQ(json::parse(*consult.full)["note"], "¿Qué norma aplica?");
  auto consult_public = json::parse(*consult.redacted);
  EXPECT_FALSE(consult_public.contains("note"));
  EXPECT_EQ(consult_public["agency"], "dafp") << "the asker may learn who else was asked";
  auto suggestion = encoder.encode(events[16]);
  EXPECT_EQ(json::parse(*suggestion.full)["text"], "La Ley 909 de 2004.");
  EXPECT_EQ(json::parse(*suggestion.full)["agency"], "dafp");
  EXPECT_FALSE(json::parse(*suggestion.redacted).contains("text"));
  auto back = std::get<chat::answer_suggested>(decoded(*suggestion.full).body);
  EXPECT_EQ(back.moderator.agency, "dafp");
}

TEST(event_codec, a_block_tells_officials_only_which_questions_to_hide) {
  auto events = one_of_each();
  auto blocked = encoder.encode(events[17]);
  EXPECT_TRUE(blocked.is_private());
  auto full = json::parse(*blocked.full);
  EXPECT_EQ(full["official"]["name"], "Ana Gómez");
  EXPECT_EQ(full["reason"], "Mensajes ofensivos");
  EXPECT_EQ(full["hidden"], json::array({2}));
  auto redacted = json::parse(*blocked.redacted);
  EXPECT_EQ(redacted, (json{{"seq", 18}, {"at", full["at"]}, {"type", "official_blocked"}, {"hidden", {2}}}));
  auto back = std::get<chat::official_blocked>(decoded(*blocked.full).body);
  EXPECT_EQ(back.hidden, (std::vector<question_id>{question_id{2}}));
  EXPECT_EQ(back.official.profile.dane_code, "05");
  auto unblocked = encoder.encode(events[18]);
  EXPECT_EQ(json::parse(*unblocked.redacted).size(), 3U) << "seq, at and type only";
}

TEST(event_codec, a_hidden_question_keeps_its_place_and_field_but_not_its_text_or_asker) {
  chat::question q;
  q.id = question_id{2};
  q.field = "gel_fase";
  q.section = "gel";
  q.agency = "mintic-gel";
  q.asked_at = at("2012-05-29T14:03:07Z");
  auto hidden = json::parse(*encoder.encode_hidden_question(q));
  EXPECT_EQ(
      hidden,
      (json{{"seq", 2},
            {"at", "2012-05-29T14:03:07Z"},
            {"type", "question_asked"},
            {"question",
             {{"id", 2}, {"field", "gel_fase"}, {"section", "gel"}, {"agency", "mintic-gel"}, {"hidden", true}}}}));
}

}  // namespace
}  // namespace helpchat::protocol
