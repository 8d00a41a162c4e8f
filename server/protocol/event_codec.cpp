#include "protocol/event_codec.hpp"

#include "common/overloaded.hpp"

#include <nlohmann/json.hpp>

namespace helpchat::protocol {
namespace {

using ordered = nlohmann::ordered_json;
using json = nlohmann::json;

ordered moderator_json(const chat::moderator_ref& m) {
  return ordered{{"participant", m.participant.value}, {"name", m.name}, {"agency", m.agency}};
}

chat::moderator_ref moderator_from(const json& j) {
  return {participant_id{j.at("participant").get<std::int64_t>()}, j.at("name").get<std::string>(),
          j.at("agency").get<std::string>()};
}

ordered asker_json(const chat::asker_ref& a) {
  const auto& p = a.profile;
  return ordered{
      {"participant", a.participant.value},       {"name", a.name},           {"position", p.position},
      {"entity_type", chat::to_string(p.entity)}, {"dane_code", p.dane_code}, {"entity_name", p.entity_name.str()}};
}

chat::asker_ref asker_from(const json& a) {
  chat::official_profile profile{
      a.at("position").get<std::string>(),
      chat::entity_type_from_string(a.at("entity_type").get<std::string>()).value_or(chat::entity_type::alcaldia),
      a.at("dane_code").get<std::string>(), a.at("entity_name").get<std::string>()};
  return {participant_id{a.at("participant").get<std::int64_t>()}, a.at("name").get<std::string>(), std::move(profile)};
}

// A question_answered (`answer` is its own seq) or an answer_corrected (the seq of the answer it corrects): the
// same members, the text only for those who may read it.
template <class Answer>
void write_answer(ordered& out, const Answer& a, seq_t answer, bool with_private_text) {
  out["question"] = a.question.value;
  out["answer"] = answer;
  out["visibility"] = chat::to_string(a.scope);
  out["asker"] = a.asker.value;
  if (!a.co_askers.empty()) {
    auto& list = out["co_askers"] = ordered::array();
    for (auto who : a.co_askers) list.push_back(who.value);
  }
  if (a.scope == chat::visibility::public_ || with_private_text) out["text"] = a.text;
  out["moderator"] = moderator_json(a.moderator);
}

std::vector<participant_id> co_askers_from(const json& j) {
  std::vector<participant_id> co_askers;
  if (auto co = j.find("co_askers"); co != j.end()) {
    for (const auto& who : *co) co_askers.push_back(participant_id{who.get<std::int64_t>()});
  }
  return co_askers;
}

// Members in the order a person reading the transcript expects: seq, at, type, then the body.
ordered header(const chat::event& e) {
  return ordered{{"seq", e.seq}, {"at", format_utc(e.at)}, {"type", type_name(e.body)}};
}

void write_body(ordered& out, const chat::event& e, bool with_private_text) {
  std::visit(overloaded{
                 [&](const chat::question_asked& q) {
                   out["question"] = ordered{{"id", e.seq},        {"field", q.field}, {"section", q.section},
                                             {"agency", q.agency}, {"text", q.text},   {"asker", asker_json(q.asker)}};
                   if (q.resolved_by_faq) out["question"]["resolved_by_faq"] = *q.resolved_by_faq;
                 },
                 [&](const chat::question_claimed& c) {
                   out["question"] = c.question.value;
                   out["moderator"] = moderator_json(c.moderator);
                   if (c.automatic) out["automatic"] = true;
                 },
                 [&](const chat::question_answered& a) { write_answer(out, a, e.seq, with_private_text); },
                 [&](const chat::question_transferred& t) {
                   out["question"] = t.question.value;
                   out["from"] = t.from;
                   out["to"] = t.to;
                   out["moderator"] = moderator_json(t.moderator);
                   if (with_private_text) out["reason"] = t.reason;
                 },
                 [&](const chat::question_merged& m) {
                   out["question"] = m.question.value;
                   out["into"] = m.into.value;
                   out["moderator"] = moderator_json(m.moderator);
                 },
                 [&](const chat::question_dismissed& d) {
                   out["question"] = d.question.value;
                   out["reason"] = d.reason;
                   out["moderator"] = moderator_json(d.moderator);
                 },
                 [&](const chat::question_answered_by_faq& f) {
                   out["question"] = f.question.value;
                   out["faq"] = f.faq;
                 },
                 [&](const chat::question_released& r) {
                   out["question"] = r.question.value;
                   out["moderator"] = moderator_json(r.moderator);
                   out["reason"] = chat::to_string(r.reason);
                 },
                 [&](const chat::moderator_paused& p) {
                   out["moderator"] = moderator_json(p.moderator);
                   out["paused"] = p.paused;
                 },
                 [&](const chat::question_joined& j) {
                   out["question"] = j.question.value;
                   out["asker"] = asker_json(j.official);
                 },
                 [&](const chat::question_reopened& r) {
                   out["question"] = r.question.value;
                   out["moderator"] = moderator_json(r.moderator);
                 },
                 [&](const chat::answer_corrected& c) { write_answer(out, c, c.answer, with_private_text); },
                 [&](const chat::question_consulted& c) {
                   out["question"] = c.question.value;
                   out["agency"] = c.agency;
                   out["moderator"] = moderator_json(c.moderator);
                   if (with_private_text) out["note"] = c.note;
                 },
                 [&](const chat::answer_suggested& a) {
                   out["question"] = a.question.value;
                   out["agency"] = a.moderator.agency;
                   out["moderator"] = moderator_json(a.moderator);
                   if (with_private_text) out["text"] = a.text;
                 },
                 [&](const chat::official_blocked& b) {
                   // Officials learn only which questions to hide; who, why and by whom stay with the moderators.
                   if (with_private_text) {
                     out["official"] = asker_json(b.official);
                     out["reason"] = b.reason;
                     out["moderator"] = moderator_json(b.moderator);
                   }
                   auto& hidden = out["hidden"] = ordered::array();
                   for (auto id : b.hidden) hidden.push_back(id.value);
                 },
                 [&](const chat::official_unblocked& u) {
                   if (!with_private_text) return;
                   out["official"] = u.official.value;
                   out["moderator"] = moderator_json(u.moderator);
                 },
                 [&](const chat::session_state_changed& s) {
                   out["from"] = chat::to_string(s.from);
                   out["to"] = chat::to_string(s.to);
                 },
             },
             e.body);
}

std::shared_ptr<const std::string> serialize(const chat::event& e, bool with_private_text) {
  ordered out = header(e);
  write_body(out, e, with_private_text);
  // Replace invalid UTF-8 rather than throw: the text was checked on the way in, so this is only a safety net.
  return std::make_shared<const std::string>(out.dump(-1, ' ', false, ordered::error_handler_t::replace));
}

chat::session_state state_from(const json& j) {
  auto state = chat::session_state_from_string(j.get<std::string>());
  if (!state) throw std::invalid_argument("unknown session state");
  return *state;
}

}  // namespace

std::string_view type_name(const chat::event_body& body) {
  return std::visit(overloaded{
                        [](const chat::question_asked&) { return "question_asked"; },
                        [](const chat::question_claimed&) { return "question_claimed"; },
                        [](const chat::question_answered&) { return "question_answered"; },
                        [](const chat::question_transferred&) { return "question_transferred"; },
                        [](const chat::question_merged&) { return "question_merged"; },
                        [](const chat::question_dismissed&) { return "question_dismissed"; },
                        [](const chat::question_answered_by_faq&) { return "question_answered_by_faq"; },
                        [](const chat::question_released&) { return "question_released"; },
                        [](const chat::moderator_paused&) { return "moderator_paused"; },
                        [](const chat::question_joined&) { return "question_joined"; },
                        [](const chat::question_reopened&) { return "question_reopened"; },
                        [](const chat::answer_corrected&) { return "answer_corrected"; },
                        [](const chat::question_consulted&) { return "question_consulted"; },
                        [](const chat::answer_suggested&) { return "answer_suggested"; },
                        [](const chat::official_blocked&) { return "official_blocked"; },
                        [](const chat::official_unblocked&) { return "official_unblocked"; },
                        [](const chat::session_state_changed&) { return "session_state_changed"; },
                    },
                    body);
}

chat::committed_event json_event_encoder::encode(const chat::event& e) const {
  chat::committed_event out;
  out.seq = e.seq;
  out.full = serialize(e, true);
  if (chat::is_private(e)) {
    out.redacted = serialize(e, false);
    out.audience = chat::private_audience_of(e);
  } else {
    out.redacted = out.full;
  }
  return out;
}

std::shared_ptr<const std::string> json_event_encoder::encode_hidden_question(const chat::question& q) const {
  ordered out{{"seq", q.id.value}, {"at", format_utc(q.asked_at)}, {"type", "question_asked"}};
  out["question"] =
      ordered{{"id", q.id.value}, {"field", q.field}, {"section", q.section}, {"agency", q.agency}, {"hidden", true}};
  return std::make_shared<const std::string>(out.dump(-1, ' ', false, ordered::error_handler_t::replace));
}

result<chat::event> decode_event(std::string_view full_json, std::optional<chat::event_origin> origin) {
  // Stored events were written by encode(); a failure here means a damaged or foreign database, reported as such.
  try {
    json j = json::parse(full_json);
    chat::event e;
    e.seq = j.at("seq").get<seq_t>();
    auto at = parse_utc(j.at("at").get<std::string>());
    if (!at) throw std::invalid_argument("bad time");
    e.at = *at;
    e.origin = std::move(origin);
    const auto type = j.at("type").get<std::string>();
    auto question = [&] { return question_id{j.at("question").get<std::int64_t>()}; };
    if (type == "question_asked") {
      const json& q = j.at("question");
      std::optional<std::string> resolved;
      if (q.contains("resolved_by_faq")) resolved = q.at("resolved_by_faq").get<std::string>();
      e.body = chat::question_asked{q.at("field").get<std::string>(),  q.at("section").get<std::string>(),
                                    q.at("agency").get<std::string>(), q.at("text").get<std::string>(),
                                    asker_from(q.at("asker")),         std::move(resolved)};
    } else if (type == "question_claimed") {
      e.body = chat::question_claimed{question(), moderator_from(j.at("moderator")), j.value("automatic", false)};
    } else if (type == "question_answered") {
      auto scope = chat::visibility_from_string(j.at("visibility").get<std::string>());
      if (!scope) throw std::invalid_argument("bad visibility");
      e.body = chat::question_answered{question(),
                                       *scope,
                                       j.at("text").get<std::string>(),
                                       moderator_from(j.at("moderator")),
                                       participant_id{j.at("asker").get<std::int64_t>()},
                                       co_askers_from(j)};
    } else if (type == "question_transferred") {
      e.body = chat::question_transferred{question(), j.at("from").get<std::string>(), j.at("to").get<std::string>(),
                                          moderator_from(j.at("moderator")), j.value("reason", std::string{})};
    } else if (type == "question_merged") {
      e.body = chat::question_merged{question(), question_id{j.at("into").get<std::int64_t>()},
                                     moderator_from(j.at("moderator"))};
    } else if (type == "question_dismissed") {
      e.body =
          chat::question_dismissed{question(), j.at("reason").get<std::string>(), moderator_from(j.at("moderator"))};
    } else if (type == "question_answered_by_faq") {
      e.body = chat::question_answered_by_faq{question(), j.at("faq").get<std::string>()};
    } else if (type == "question_released") {
      auto reason = chat::release_reason_from_string(j.at("reason").get<std::string>());
      if (!reason) throw std::invalid_argument("bad release reason");
      e.body = chat::question_released{question(), moderator_from(j.at("moderator")), *reason};
    } else if (type == "moderator_paused") {
      e.body = chat::moderator_paused{moderator_from(j.at("moderator")), j.at("paused").get<bool>()};
    } else if (type == "question_joined") {
      e.body = chat::question_joined{question(), asker_from(j.at("asker"))};
    } else if (type == "question_reopened") {
      e.body = chat::question_reopened{question(), moderator_from(j.at("moderator"))};
    } else if (type == "answer_corrected") {
      auto scope = chat::visibility_from_string(j.at("visibility").get<std::string>());
      if (!scope) throw std::invalid_argument("bad visibility");
      e.body = chat::answer_corrected{question(),
                                      j.at("answer").get<seq_t>(),
                                      j.at("text").get<std::string>(),
                                      moderator_from(j.at("moderator")),
                                      *scope,
                                      participant_id{j.at("asker").get<std::int64_t>()},
                                      co_askers_from(j)};
    } else if (type == "question_consulted") {
      e.body = chat::question_consulted{question(), j.at("agency").get<std::string>(), j.at("note").get<std::string>(),
                                        moderator_from(j.at("moderator"))};
    } else if (type == "answer_suggested") {
      e.body = chat::answer_suggested{question(), j.at("text").get<std::string>(), moderator_from(j.at("moderator"))};
    } else if (type == "official_blocked") {
      std::vector<question_id> hidden;
      for (const auto& id : j.at("hidden")) hidden.push_back(question_id{id.get<std::int64_t>()});
      e.body = chat::official_blocked{asker_from(j.at("official")), j.at("reason").get<std::string>(),
                                      moderator_from(j.at("moderator")), std::move(hidden)};
    } else if (type == "official_unblocked") {
      e.body = chat::official_unblocked{participant_id{j.at("official").get<std::int64_t>()},
                                        moderator_from(j.at("moderator"))};
    } else if (type == "session_state_changed") {
      e.body = chat::session_state_changed{state_from(j.at("from")), state_from(j.at("to"))};
    } else {
      throw std::invalid_argument("unknown event type " + type);
    }
    return e;
  } catch (const std::exception& failure) {
    return error::of(error_code::internal, std::string("evento almacenado ilegible: ") + failure.what());
  }
}

}  // namespace helpchat::protocol
