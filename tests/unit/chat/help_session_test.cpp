#include "chat/help_session.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/manual_clock.hpp"
#include "support/table_catalog.hpp"

namespace helpchat::chat {
namespace {

using namespace std::chrono_literals;

utc_time at(std::string_view text) {
  auto parsed = parse_utc(text);
  EXPECT_TRUE(parsed.has_value()) << text;
  return parsed.value_or(utc_time{});
}

// 2012-05-29 08:00–11:00 in Bogotá: questions from 08:00, live 09:00–11:00, archived a week later.
schedule the_schedule() {
  return {at("2012-05-29T13:00:00Z"), at("2012-05-29T14:00:00Z"), at("2012-05-29T16:00:00Z"),
          at("2012-06-05T00:00:00Z")};
}

const testing::table_catalog& the_catalog() {
  static const testing::table_catalog catalog;
  return catalog;
}

help_session fresh_session() {
  return help_session({help_session_id{1}, "Plan de Acción 2012", the_schedule()}, the_catalog());
}

// A session moved by the clock to `state` (one session_state_changed event, seq 1).
help_session session_in(session_state state) {
  auto s = fresh_session();
  const auto when = the_schedule();
  utc_time now = state == session_state::open_for_questions ? when.opens_at
                 : state == session_state::live             ? when.starts_at
                 : state == session_state::closed           ? when.ends_at
                                                            : when.archives_at;
  auto moved = s.advance(now);
  EXPECT_TRUE(moved.has_value());
  if (moved) s.apply(*moved);
  EXPECT_EQ(s.state(), state);
  return s;
}

participant official(std::int64_t id, std::string name) {
  participant p;
  p.id = participant_id{id};
  p.role = auth::role::official;
  p.name = std::move(name);
  p.official = {"Jefe de planeación", entity_type::alcaldia, "05001", "Alcaldía de Medellín (Antioquia)"};
  return p;
}

participant staff(std::int64_t id, std::string name, std::string agency, auth::role role = auth::role::moderator) {
  participant p;
  p.id = participant_id{id};
  p.role = role;
  p.name = std::move(name);
  p.agency = std::move(agency);
  return p;
}

const participant ana = official(1, "Ana Gómez");
const participant beto = official(2, "Beto Ríos");
const participant mintic = staff(10, "Marta (MinTIC)", "mintic-gel");
const participant mintic_too = staff(11, "Mario (MinTIC)", "mintic-gel");
const participant dafp = staff(12, "Diana (DAFP)", "dafp");
const participant admin = staff(20, "Admin", "dnp-pnsc", auth::role::admin);

utc_time live_now() { return the_schedule().starts_at + 10min; }

std::string next_cid() {
  static int counter = 0;
  return "cid-" + std::to_string(++counter);
}

// Decides and applies `cmd`; fails the test if it is refused.
event perform(help_session& s, const participant& who, const command& cmd, std::string cid = next_cid()) {
  auto decided = s.decide(who, cmd, std::move(cid), live_now());
  if (!decided) {
    ADD_FAILURE() << "refused with " << to_string(decided.failure().code) << ": " << decided.failure().message;
    return {};
  }
  s.apply(*decided);
  return std::move(decided).value();
}

// The wire name of the refusal, or "" when the command is accepted. Changes nothing.
std::string refusal_of(const help_session& s, const participant& who, const command& cmd) {
  auto decided = s.decide(who, cmd, "probe", live_now());
  return decided ? std::string{} : std::string(to_string(decided.failure().code));
}

ask ask_in(std::string agency, std::string text = "¿Debo diligenciar las cinco fases?") {
  ask cmd;
  cmd.field = testing::table_catalog::field_for(agency);
  cmd.text = std::move(text);
  return cmd;
}

// Ana asks a question routed to `agency`; its id.
question_id asked(help_session& s, std::string agency = "mintic-gel", const participant& who = ana) {
  return question_id{perform(s, who, ask_in(std::move(agency))).seq};
}

const question& question_in(const help_session& s, question_id id) {
  static const question none{};
  const question* q = s.find(id);
  EXPECT_NE(q, nullptr) << "question " << id.value;
  return q != nullptr ? *q : none;
}

// ---- the lifecycle, driven by the clock

TEST(help_session, nothing_happens_before_opens_at) {
  auto s = fresh_session();
  EXPECT_FALSE(s.advance(the_schedule().opens_at - 1ms).has_value());
  EXPECT_EQ(s.state(), session_state::scheduled);
  EXPECT_EQ(s.last_seq(), 0);
}

TEST(help_session, opens_for_questions_at_opens_at) {
  auto s = fresh_session();
  const auto opens = the_schedule().opens_at;
  auto moved = s.advance(opens);
  ASSERT_TRUE(moved.has_value());
  EXPECT_EQ(moved->seq, 1);
  EXPECT_EQ(moved->at, opens);
  EXPECT_FALSE(moved->origin.has_value()) << "the clock causes it, not a participant";
  const auto* change = std::get_if<session_state_changed>(&moved->body);
  ASSERT_NE(change, nullptr);
  EXPECT_EQ(change->from, session_state::scheduled);
  EXPECT_EQ(change->to, session_state::open_for_questions);
  EXPECT_EQ(s.state(), session_state::scheduled) << "advance() only proposes the event";
  s.apply(*moved);
  EXPECT_EQ(s.state(), session_state::open_for_questions);
  EXPECT_EQ(s.last_seq(), 1);
}

TEST(help_session, each_boundary_moves_one_state_forward) {
  const auto when = the_schedule();
  struct step {
    utc_time boundary;
    session_state from;
    session_state to;
  };
  const std::vector<step> steps{
      {when.opens_at, session_state::scheduled, session_state::open_for_questions},
      {when.starts_at, session_state::open_for_questions, session_state::live},
      {when.ends_at, session_state::live, session_state::closed},
      {when.archives_at, session_state::closed, session_state::archived},
  };
  auto s = fresh_session();
  testing::manual_clock clock(when.opens_at - 1h);
  seq_t seq = 0;
  for (const auto& [boundary, from, to] : steps) {
    clock.set(boundary - 1ms);
    EXPECT_FALSE(s.advance(clock.now()).has_value()) << to_string(to);
    clock.advance(1ms);
    auto moved = s.advance(clock.now());
    ASSERT_TRUE(moved.has_value()) << to_string(to);
    EXPECT_EQ(moved->seq, ++seq);
    EXPECT_EQ(moved->at, boundary);
    const auto& change = std::get<session_state_changed>(moved->body);
    EXPECT_EQ(change.from, from);
    EXPECT_EQ(change.to, to);
    s.apply(*moved);
    EXPECT_EQ(s.state(), to);
    EXPECT_FALSE(s.advance(clock.now()).has_value()) << "a state is entered once";
  }
  EXPECT_EQ(s.last_seq(), 4);
  clock.advance(24h * 365);
  EXPECT_FALSE(s.advance(clock.now()).has_value()) << "archived is the last state";
}

TEST(help_session, states_only_move_forward) {
  auto s = session_in(session_state::live);
  const auto when = the_schedule();
  EXPECT_FALSE(s.advance(when.opens_at).has_value());
  EXPECT_FALSE(s.advance(when.opens_at - 24h).has_value());
  EXPECT_EQ(s.state(), session_state::live);

  auto closed = session_in(session_state::closed);
  EXPECT_FALSE(closed.advance(when.starts_at).has_value()) << "a clock set back does not reopen a closed session";
  EXPECT_EQ(closed.state(), session_state::closed);
}

TEST(help_session, a_jump_across_several_boundaries_is_one_event) {
  auto s = fresh_session();
  const auto later = the_schedule().ends_at + 1h;  // the server was down from before opening until after the end
  auto moved = s.advance(later);
  ASSERT_TRUE(moved.has_value());
  EXPECT_EQ(moved->seq, 1);
  const auto& change = std::get<session_state_changed>(moved->body);
  EXPECT_EQ(change.from, session_state::scheduled);
  EXPECT_EQ(change.to, session_state::closed);
  s.apply(*moved);
  EXPECT_FALSE(s.advance(later).has_value());
  EXPECT_EQ(s.last_seq(), 1);
  EXPECT_EQ(s.state(), session_state::closed);
}

TEST(help_session, advance_changes_nothing_until_applied) {
  auto s = fresh_session();
  auto first = s.advance(the_schedule().starts_at);
  auto second = s.advance(the_schedule().starts_at);
  ASSERT_TRUE(first.has_value());
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(first->seq, 1);
  EXPECT_EQ(second->seq, 1);
  EXPECT_EQ(s.state(), session_state::scheduled);
  EXPECT_EQ(s.last_seq(), 0);
}

// ---- ask

TEST(help_session, ask_before_opening_is_session_not_open) {
  auto s = fresh_session();
  EXPECT_EQ(refusal_of(s, ana, ask_in("mintic-gel")), "session_not_open");
}

TEST(help_session, ask_while_open_for_questions_is_question_asked) {
  auto s = session_in(session_state::open_for_questions);
  const auto now = the_schedule().opens_at + 5min;
  auto decided = s.decide(ana, ask_in("mintic-gel", "¿Cuántas fases?"), "c-1", now);
  ASSERT_TRUE(decided.ok()) << decided.failure().message;
  EXPECT_EQ(decided->seq, 2);
  EXPECT_EQ(decided->at, now);
  ASSERT_TRUE(decided->origin.has_value());
  EXPECT_EQ(decided->origin->participant, ana.id);
  EXPECT_EQ(decided->origin->cid, "c-1");
  const auto* q = std::get_if<question_asked>(&decided->body);
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(q->field, "gel_fase");
  EXPECT_EQ(q->section, "gel");
  EXPECT_EQ(q->agency, "mintic-gel");
  EXPECT_EQ(q->text, "¿Cuántas fases?");
  EXPECT_EQ(q->asker.participant, ana.id);
  EXPECT_EQ(q->asker.name, "Ana Gómez");
  EXPECT_EQ(q->asker.profile.dane_code, "05001");
  EXPECT_EQ(q->asker.profile.entity_name, "Alcaldía de Medellín (Antioquia)");
}

TEST(help_session, ask_while_live_is_question_asked) {
  auto s = session_in(session_state::live);
  auto e = perform(s, ana, ask_in("dafp"));
  EXPECT_TRUE(std::holds_alternative<question_asked>(e.body));
  EXPECT_EQ(s.last_seq(), 2);
}

TEST(help_session, ask_after_the_session_ended_is_session_not_open) {
  EXPECT_EQ(refusal_of(session_in(session_state::closed), ana, ask_in("mintic-gel")), "session_not_open");
  EXPECT_EQ(refusal_of(session_in(session_state::archived), ana, ask_in("mintic-gel")), "session_not_open");
}

TEST(help_session, moderators_and_admins_may_not_ask) {
  auto s = session_in(session_state::live);
  EXPECT_EQ(refusal_of(s, mintic, ask_in("mintic-gel")), "forbidden");
  EXPECT_EQ(refusal_of(s, admin, ask_in("mintic-gel")), "forbidden");
}

TEST(help_session, question_id_is_the_seq_of_its_question_asked) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "dafp");
  EXPECT_EQ(id.value, 2);
  const auto& q = question_in(s, id);
  EXPECT_EQ(q.id, id);
  EXPECT_EQ(q.asker, ana.id);
  EXPECT_EQ(q.agency, "dafp");
  EXPECT_EQ(q.state, question_state::queued);
  EXPECT_FALSE(q.holder.has_value());
  EXPECT_FALSE(q.merged_into.has_value());
}

TEST(help_session, question_remembers_its_field) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "mintic-gel");
  EXPECT_EQ(question_in(s, id).field, "gel_fase");
}

TEST(help_session, question_the_faq_answered_before_it_was_sent_is_recorded_closed) {
  auto s = session_in(session_state::live);
  auto cmd = ask_in("mintic-gel");
  cmd.resolved_by_faq = "gel-fases-todas";
  auto e = perform(s, ana, cmd);
  const auto& body = std::get<question_asked>(e.body);
  EXPECT_EQ(body.resolved_by_faq, std::optional<std::string>("gel-fases-todas"));
  const auto& q = question_in(s, question_id{e.seq});
  EXPECT_EQ(q.state, question_state::answered_by_faq);
  EXPECT_EQ(q.field, "gel_fase");
  EXPECT_EQ(refusal_of(s, mintic, claim{q.id}), "question_closed") << "it never reaches a moderator's queue";
  EXPECT_EQ(refusal_of(s, ana, resolve_by_faq{q.id, "gel-fases-todas"}), "question_closed");
}

TEST(help_session, decide_changes_nothing) {
  auto s = session_in(session_state::live);
  auto decided = s.decide(ana, ask_in("mintic-gel"), "c-1", live_now());
  ASSERT_TRUE(decided.ok());
  EXPECT_EQ(s.last_seq(), 1);
  EXPECT_TRUE(s.questions().all().empty());
  EXPECT_FALSE(s.find_duplicate(ana.id, "c-1").has_value());
}

// ---- claim, and who may act on which queue

TEST(help_session, moderator_claims_a_queued_question_of_own_agency) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "mintic-gel");
  auto e = perform(s, mintic, claim{id});
  const auto* claimed = std::get_if<question_claimed>(&e.body);
  ASSERT_NE(claimed, nullptr);
  EXPECT_EQ(claimed->question, id);
  EXPECT_EQ(claimed->moderator.participant, mintic.id);
  EXPECT_EQ(claimed->moderator.name, mintic.name);
  EXPECT_EQ(claimed->moderator.agency, "mintic-gel");
  EXPECT_EQ(question_in(s, id).state, question_state::assigned);
  EXPECT_EQ(question_in(s, id).holder, mintic.id);
}

TEST(help_session, moderator_claims_from_the_triage_queue) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "triage");
  EXPECT_EQ(refusal_of(s, dafp, claim{id}), "");
  EXPECT_EQ(refusal_of(s, mintic, claim{id}), "");
}

TEST(help_session, moderator_of_another_agency_is_forbidden) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "mintic-gel");
  EXPECT_EQ(refusal_of(s, dafp, claim{id}), "forbidden");
  EXPECT_EQ(refusal_of(s, dafp, answer{id, "Sí.", visibility::public_}), "forbidden");
  EXPECT_EQ(refusal_of(s, dafp, transfer{id, "dafp", "Es de otra sección"}), "forbidden");
  EXPECT_EQ(refusal_of(s, dafp, dismiss{id, ""}), "forbidden");
}

TEST(help_session, admin_works_every_queue) {
  auto s = session_in(session_state::live);
  auto to_mintic = asked(s, "mintic-gel");
  auto to_dafp = asked(s, "dafp");
  EXPECT_EQ(refusal_of(s, admin, claim{to_mintic}), "");
  EXPECT_EQ(refusal_of(s, admin, answer{to_dafp, "Sí.", visibility::public_}), "");
  EXPECT_EQ(refusal_of(s, admin, transfer{to_dafp, "triage", "Es de otra sección"}), "");
}

TEST(help_session, claim_by_another_moderator_is_question_taken) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "mintic-gel");
  perform(s, mintic, claim{id});
  EXPECT_EQ(refusal_of(s, mintic_too, claim{id}), "question_taken");
  EXPECT_EQ(refusal_of(s, mintic_too, answer{id, "Sí.", visibility::public_}), "question_taken");
  EXPECT_EQ(refusal_of(s, mintic_too, transfer{id, "dafp", "Es de otra sección"}), "question_taken");
  EXPECT_EQ(refusal_of(s, mintic_too, dismiss{id, ""}), "question_taken");
  EXPECT_EQ(question_in(s, id).holder, mintic.id);
}

TEST(help_session, claiming_a_question_one_already_holds_is_question_taken) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "mintic-gel");
  perform(s, mintic, claim{id});
  EXPECT_EQ(refusal_of(s, mintic, claim{id}), "question_taken");
}

TEST(help_session, admin_may_take_a_question_another_moderator_holds) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "mintic-gel");
  perform(s, mintic, claim{id});
  perform(s, admin, claim{id});
  EXPECT_EQ(question_in(s, id).holder, admin.id);
  EXPECT_EQ(refusal_of(s, mintic, answer{id, "Sí.", visibility::public_}), "question_taken");
}

TEST(help_session, officials_may_not_moderate) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "mintic-gel");
  auto other = asked(s, "mintic-gel");
  EXPECT_EQ(refusal_of(s, ana, claim{id}), "forbidden");
  EXPECT_EQ(refusal_of(s, ana, answer{id, "Yo misma.", visibility::public_}), "forbidden");
  EXPECT_EQ(refusal_of(s, ana, transfer{id, "dafp", "Es de otra sección"}), "forbidden");
  EXPECT_EQ(refusal_of(s, ana, merge{id, other}), "forbidden");
  EXPECT_EQ(refusal_of(s, ana, dismiss{id, ""}), "forbidden");
}

TEST(help_session, command_on_an_unknown_question_is_unknown_question) {
  auto s = session_in(session_state::live);
  const question_id nowhere{99};
  EXPECT_EQ(refusal_of(s, mintic, claim{nowhere}), "unknown_question");
  EXPECT_EQ(refusal_of(s, mintic, answer{nowhere, "Sí.", visibility::public_}), "unknown_question");
  EXPECT_EQ(refusal_of(s, mintic, transfer{nowhere, "dafp", "Es de otra sección"}), "unknown_question");
  EXPECT_EQ(refusal_of(s, mintic, dismiss{nowhere, ""}), "unknown_question");
  EXPECT_EQ(refusal_of(s, ana, resolve_by_faq{nowhere, "gel-fases-todas"}), "unknown_question");
  // A session_state_changed event has a seq too, but it is not a question.
  EXPECT_EQ(refusal_of(s, mintic, claim{question_id{1}}), "unknown_question");
}

TEST(help_session, moderators_may_answer_while_open_for_questions) {
  auto s = session_in(session_state::open_for_questions);
  auto id = asked(s, "mintic-gel");
  EXPECT_EQ(refusal_of(s, mintic, answer{id, "Sí.", visibility::public_}), "");
}

TEST(help_session, moderation_after_the_session_closed_is_session_not_open) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "mintic-gel");
  auto closing = s.advance(the_schedule().ends_at);
  ASSERT_TRUE(closing.has_value());
  s.apply(*closing);
  EXPECT_EQ(refusal_of(s, mintic, claim{id}), "session_not_open");
  EXPECT_EQ(refusal_of(s, mintic, answer{id, "Tarde.", visibility::public_}), "session_not_open");
  EXPECT_EQ(refusal_of(s, mintic, dismiss{id, ""}), "session_not_open");
  EXPECT_EQ(refusal_of(s, ana, resolve_by_faq{id, "gel-fases-todas"}), "session_not_open");
}

// ---- answer

TEST(help_session, answer_closes_the_question) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "mintic-gel");
  perform(s, mintic, claim{id});
  auto e = perform(s, mintic, answer{id, "Sí, las cinco.", visibility::public_});
  const auto* answered = std::get_if<question_answered>(&e.body);
  ASSERT_NE(answered, nullptr);
  EXPECT_EQ(answered->question, id);
  EXPECT_EQ(answered->scope, visibility::public_);
  EXPECT_EQ(answered->text, "Sí, las cinco.");
  EXPECT_EQ(answered->moderator.participant, mintic.id);
  EXPECT_EQ(answered->asker, ana.id);
  EXPECT_FALSE(is_private(e));
  EXPECT_EQ(question_in(s, id).state, question_state::answered);
}

TEST(help_session, a_queued_question_may_be_answered_without_a_claim) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "dafp");
  perform(s, dafp, answer{id, "Sí.", visibility::public_});
  EXPECT_EQ(question_in(s, id).state, question_state::answered);
}

TEST(help_session, private_answer_is_addressed_to_the_asker) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "mintic-gel", beto);
  auto e = perform(s, mintic, answer{id, "Le escribo por correo.", visibility::private_});
  EXPECT_TRUE(is_private(e));
  EXPECT_EQ(std::get<question_answered>(e.body).asker, beto.id);
}

TEST(help_session, second_answer_is_question_closed) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "mintic-gel");
  perform(s, mintic, answer{id, "Sí.", visibility::public_});
  EXPECT_EQ(refusal_of(s, mintic, answer{id, "Otra vez sí.", visibility::public_}), "question_closed");
  EXPECT_EQ(refusal_of(s, mintic_too, answer{id, "También.", visibility::public_}), "question_closed");
  EXPECT_EQ(refusal_of(s, admin, answer{id, "También.", visibility::public_}), "question_closed");
}

TEST(help_session, every_command_on_a_closed_question_is_question_closed) {
  auto s = session_in(session_state::live);
  auto answered = asked(s, "mintic-gel");
  auto open = asked(s, "mintic-gel");
  perform(s, mintic, answer{answered, "Sí.", visibility::public_});
  EXPECT_EQ(refusal_of(s, mintic, claim{answered}), "question_closed");
  EXPECT_EQ(refusal_of(s, mintic, transfer{answered, "dafp", "Es de otra sección"}), "question_closed");
  EXPECT_EQ(refusal_of(s, mintic, merge{answered, open}), "question_closed");
  EXPECT_EQ(refusal_of(s, mintic, dismiss{answered, ""}), "question_closed");
  EXPECT_EQ(refusal_of(s, ana, resolve_by_faq{answered, "gel-fases-todas"}), "question_closed");
}

// ---- transfer

TEST(help_session, transfer_returns_question_to_target_agency_queue) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "mintic-gel");
  perform(s, mintic, claim{id});
  auto e = perform(s, mintic, transfer{id, "dafp", "Es de otra sección"});
  const auto* moved = std::get_if<question_transferred>(&e.body);
  ASSERT_NE(moved, nullptr);
  EXPECT_EQ(moved->question, id);
  EXPECT_EQ(moved->from, "mintic-gel");
  EXPECT_EQ(moved->to, "dafp");
  EXPECT_EQ(moved->moderator.participant, mintic.id);
  const auto& q = question_in(s, id);
  EXPECT_EQ(q.state, question_state::queued);
  EXPECT_EQ(q.agency, "dafp");
  EXPECT_FALSE(q.holder.has_value());
  EXPECT_EQ(refusal_of(s, mintic, claim{id}), "forbidden") << "no longer in MinTIC's queue";
  EXPECT_EQ(refusal_of(s, dafp, claim{id}), "");
}

TEST(help_session, transfer_to_the_same_agency_is_invalid_message) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "mintic-gel");
  EXPECT_EQ(refusal_of(s, mintic, transfer{id, "mintic-gel", "Es de otra sección"}), "invalid_message");
}

// ---- merge

TEST(help_session, merge_marks_a_duplicate_of_an_open_question) {
  auto s = session_in(session_state::live);
  auto original = asked(s, "mintic-gel");
  auto duplicate = asked(s, "mintic-gel", beto);
  auto e = perform(s, mintic, merge{duplicate, original});
  const auto* merged = std::get_if<question_merged>(&e.body);
  ASSERT_NE(merged, nullptr);
  EXPECT_EQ(merged->question, duplicate);
  EXPECT_EQ(merged->into, original);
  EXPECT_EQ(question_in(s, duplicate).state, question_state::merged);
  EXPECT_EQ(question_in(s, duplicate).merged_into, original);
  EXPECT_EQ(question_in(s, original).state, question_state::queued);
  EXPECT_EQ(question_in(s, original).askers, 2) << "the duplicate's asker now asks the original";
}

TEST(help_session, merged_askers_add_up_along_a_chain_of_merges) {
  auto s = session_in(session_state::live);
  auto first = asked(s, "mintic-gel");
  auto second = asked(s, "mintic-gel", beto);
  auto third = asked(s, "mintic-gel", beto);
  perform(s, mintic, merge{third, second});
  perform(s, mintic, merge{second, first});
  EXPECT_EQ(question_in(s, second).askers, 2);
  EXPECT_EQ(question_in(s, first).askers, 3);
}

// ---- the queues questions wait in

std::vector<question_id> waiting_ids(const help_session& s, std::string_view agency) {
  std::vector<question_id> ids;
  for (const question* q : s.questions().waiting(agency)) ids.push_back(q->id);
  return ids;
}

TEST(help_session, a_question_waits_in_its_agency_queue_until_claimed_or_closed) {
  auto s = session_in(session_state::live);
  auto first = asked(s, "mintic-gel");
  auto second = asked(s, "mintic-gel", beto);
  auto third = asked(s, "mintic-gel");
  EXPECT_EQ(waiting_ids(s, "mintic-gel"), (std::vector{first, second, third}));
  perform(s, mintic, claim{second});
  EXPECT_EQ(waiting_ids(s, "mintic-gel"), (std::vector{first, third}));
  perform(s, mintic, answer{first, "Sí.", visibility::public_});
  perform(s, mintic, dismiss{third, "Repetida"});
  EXPECT_TRUE(waiting_ids(s, "mintic-gel").empty());
}

TEST(help_session, a_transferred_question_keeps_its_place_by_the_time_it_was_asked) {
  auto s = session_in(session_state::live);
  auto older = asked(s, "mintic-gel");
  auto newer = asked(s, "dnp-pnsc");
  perform(s, mintic, transfer{older, "dnp-pnsc", "Es de otra sección"});
  EXPECT_TRUE(waiting_ids(s, "mintic-gel").empty());
  EXPECT_EQ(waiting_ids(s, "dnp-pnsc"), (std::vector{older, newer})) << "it waited longer, so it goes first";
}

TEST(help_session, a_question_the_faq_answered_never_waits) {
  auto s = session_in(session_state::live);
  ask cmd = ask_in("mintic-gel");
  cmd.resolved_by_faq = "gel-fases-todas";
  perform(s, ana, cmd);
  EXPECT_TRUE(waiting_ids(s, "mintic-gel").empty());
}

TEST(help_session, merge_into_an_answered_question_is_allowed) {
  auto s = session_in(session_state::live);
  auto original = asked(s, "mintic-gel");
  auto duplicate = asked(s, "mintic-gel", beto);
  perform(s, mintic, answer{original, "Sí.", visibility::public_});
  EXPECT_EQ(refusal_of(s, mintic, merge{duplicate, original}), "");
}

TEST(help_session, merge_into_itself_is_invalid_message) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "mintic-gel");
  EXPECT_EQ(refusal_of(s, mintic, merge{id, id}), "invalid_message");
}

TEST(help_session, merge_into_an_unknown_question_is_unknown_question) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "mintic-gel");
  EXPECT_EQ(refusal_of(s, mintic, merge{id, question_id{99}}), "unknown_question");
}

TEST(help_session, merge_into_a_merged_or_dismissed_question_is_question_closed) {
  auto s = session_in(session_state::live);
  auto original = asked(s, "mintic-gel");
  auto merged_away = asked(s, "mintic-gel");
  auto dismissed = asked(s, "mintic-gel");
  auto duplicate = asked(s, "mintic-gel", beto);
  perform(s, mintic, merge{merged_away, original});
  perform(s, mintic, dismiss{dismissed, "Repetida"});
  EXPECT_EQ(refusal_of(s, mintic, merge{duplicate, merged_away}), "question_closed");
  EXPECT_EQ(refusal_of(s, mintic, merge{duplicate, dismissed}), "question_closed");
  EXPECT_EQ(refusal_of(s, mintic, merge{duplicate, original}), "");
}

// ---- dismiss

TEST(help_session, dismiss_closes_the_question_with_its_reason) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "mintic-gel");
  auto e = perform(s, mintic, dismiss{id, "Pregunta repetida"});
  const auto* dismissed = std::get_if<question_dismissed>(&e.body);
  ASSERT_NE(dismissed, nullptr);
  EXPECT_EQ(dismissed->reason, "Pregunta repetida");
  EXPECT_EQ(question_in(s, id).state, question_state::dismissed);
  EXPECT_EQ(refusal_of(s, mintic, answer{id, "Sí.", visibility::public_}), "question_closed");
}

// ---- resolve_by_faq

TEST(help_session, asker_resolves_own_question_by_faq) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "mintic-gel");
  auto e = perform(s, ana, resolve_by_faq{id, "gel-fases-todas"});
  const auto* resolved = std::get_if<question_answered_by_faq>(&e.body);
  ASSERT_NE(resolved, nullptr);
  EXPECT_EQ(resolved->question, id);
  EXPECT_EQ(resolved->faq, "gel-fases-todas");
  EXPECT_EQ(question_in(s, id).state, question_state::answered_by_faq);
  EXPECT_EQ(refusal_of(s, mintic, answer{id, "Sí.", visibility::public_}), "question_closed");
}

TEST(help_session, asker_may_resolve_a_claimed_question_by_faq) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "mintic-gel");
  perform(s, mintic, claim{id});
  EXPECT_EQ(refusal_of(s, ana, resolve_by_faq{id, "gel-fases-todas"}), "");
}

TEST(help_session, resolve_by_faq_is_for_the_asker_only) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "mintic-gel");
  EXPECT_EQ(refusal_of(s, beto, resolve_by_faq{id, "gel-fases-todas"}), "forbidden");
  EXPECT_EQ(refusal_of(s, mintic, resolve_by_faq{id, "gel-fases-todas"}), "forbidden");
  EXPECT_EQ(refusal_of(s, admin, resolve_by_faq{id, "gel-fases-todas"}), "forbidden");
}

// ---- replay and duplicates

void expect_same_state(const help_session& rebuilt, const help_session& original) {
  EXPECT_EQ(rebuilt.state(), original.state());
  EXPECT_EQ(rebuilt.last_seq(), original.last_seq());
  ASSERT_EQ(rebuilt.questions().all().size(), original.questions().all().size());
  for (const auto& [id, q] : original.questions().all()) {
    const question* other = rebuilt.find(id);
    ASSERT_NE(other, nullptr) << "question " << id.value;
    EXPECT_EQ(other->id, q.id);
    EXPECT_EQ(other->asker, q.asker) << "question " << id.value;
    EXPECT_EQ(other->agency, q.agency) << "question " << id.value;
    EXPECT_EQ(other->state, q.state) << "question " << id.value;
    EXPECT_EQ(other->holder, q.holder) << "question " << id.value;
    EXPECT_EQ(other->merged_into, q.merged_into) << "question " << id.value;
    EXPECT_EQ(other->askers, q.askers) << "question " << id.value;
    EXPECT_EQ(other->consulted, q.consulted) << "question " << id.value;
    EXPECT_EQ(other->hidden, q.hidden) << "question " << id.value;
  }
  for (const auto* agency : {"mintic-gel", "dnp-pnsc", "dafp", "triage"}) {
    EXPECT_EQ(waiting_ids(rebuilt, agency), waiting_ids(original, agency)) << agency;
  }
}

TEST(help_session, replaying_the_events_rebuilds_the_same_state) {
  auto original = fresh_session();
  std::vector<event> transcript;
  auto record = [&](const participant& who, const command& cmd, std::string cid) {
    transcript.push_back(perform(original, who, cmd, std::move(cid)));
    return question_id{transcript.back().seq};
  };
  auto tick = [&](utc_time now) {
    auto moved = original.advance(now);
    ASSERT_TRUE(moved.has_value());
    original.apply(*moved);
    transcript.push_back(*moved);
  };
  tick(the_schedule().opens_at);
  auto q1 = record(ana, ask_in("mintic-gel"), "a-1");
  auto q2 = record(beto, ask_in("dafp"), "b-1");
  tick(the_schedule().starts_at);
  auto q3 = record(ana, ask_in("triage"), "a-2");
  auto q4 = record(beto, ask_in("mintic-gel"), "b-2");
  auto q5 = record(beto, ask_in("mintic-gel"), "b-3");
  auto q6 = record(ana, ask_in("mintic-gel"), "a-3");
  record(mintic, claim{q1}, "m-1");
  record(dafp, answer{q2, "Privado.", visibility::private_}, "d-1");
  record(mintic, transfer{q3, "dafp", "Es de otra sección"}, "m-2");
  record(mintic, merge{q4, q1}, "m-3");
  record(mintic_too, dismiss{q5, "Fuera de tema"}, "m2-1");
  record(ana, resolve_by_faq{q6, "gel-fases-todas"}, "a-4");
  record(admin, claim{q3}, "ad-1");
  auto q7 = record(ana, ask_in("mintic-gel"), "a-5");
  auto q8 = record(beto, ask_in("dafp"), "b-5");
  record(mintic, transfer{q7, "dafp", "Es de otra sección"}, "m-4");

  auto rebuilt = fresh_session();
  for (const auto& e : transcript) rebuilt.apply(e);

  expect_same_state(rebuilt, original);
  EXPECT_EQ(rebuilt.find(q3)->agency, "dafp");
  EXPECT_EQ(rebuilt.find(q3)->holder, admin.id);
  EXPECT_EQ(rebuilt.find(q4)->merged_into, q1);
  EXPECT_EQ(waiting_ids(rebuilt, "dafp"), (std::vector{q7, q8}));
  for (const auto& e : transcript) {
    if (!e.origin) continue;
    EXPECT_EQ(rebuilt.find_duplicate(e.origin->participant, e.origin->cid), e.seq) << e.origin->cid;
  }
  // The rebuilt session decides what the original would have.
  EXPECT_EQ(refusal_of(rebuilt, mintic_too, claim{q1}), refusal_of(original, mintic_too, claim{q1}));
  auto next = rebuilt.decide(beto, ask_in("dafp"), "b-4", live_now());
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->seq, original.last_seq() + 1);
}

TEST(help_session, find_duplicate_returns_the_seq_a_cid_caused) {
  auto s = session_in(session_state::live);
  perform(s, ana, ask_in("mintic-gel"), "c-1");
  perform(s, ana, ask_in("mintic-gel"), "c-2");
  EXPECT_EQ(s.find_duplicate(ana.id, "c-1"), seq_t{2});
  EXPECT_EQ(s.find_duplicate(ana.id, "c-2"), seq_t{3});
  EXPECT_FALSE(s.find_duplicate(ana.id, "c-3").has_value());
}

TEST(help_session, find_duplicate_is_per_participant) {
  auto s = session_in(session_state::live);
  perform(s, ana, ask_in("mintic-gel"), "1");
  EXPECT_FALSE(s.find_duplicate(beto.id, "1").has_value());
  perform(s, beto, ask_in("mintic-gel"), "1");
  EXPECT_EQ(s.find_duplicate(ana.id, "1"), seq_t{2});
  EXPECT_EQ(s.find_duplicate(beto.id, "1"), seq_t{3});
  // The key joins participant and cid; no other pair may collide with it.
  EXPECT_FALSE(s.find_duplicate(participant_id{12}, "").has_value());
  EXPECT_FALSE(s.find_duplicate(participant_id{1}, "2:1").has_value());
}

TEST(help_session, refused_commands_and_clock_events_leave_no_cid) {
  auto s = fresh_session();
  EXPECT_EQ(refusal_of(s, ana, ask_in("mintic-gel")), "session_not_open");
  EXPECT_FALSE(s.find_duplicate(ana.id, "probe").has_value());
  auto moved = s.advance(the_schedule().starts_at);
  ASSERT_TRUE(moved.has_value());
  s.apply(*moved);
  EXPECT_FALSE(s.find_duplicate(participant_id{0}, "").has_value());
}

// ---- automatic assignment (routing through the session: presence in, events out)

namespace routing_cases {

const routing_policy cap_of_two{2};
constexpr auto grace = 60s;

// Performs every automatic assignment due now; the questions assigned, in order, to whom.
std::vector<std::pair<question_id, participant_id>> route(help_session& s, const presence& present,
                                                          const routing_policy& policy = {},
                                                          utc_time now = live_now()) {
  std::vector<std::pair<question_id, participant_id>> made;
  for (int bound = 0; bound < 100; ++bound) {
    auto e = s.next_assignment(present, policy, now);
    if (!e) break;
    const auto& claimed = std::get<question_claimed>(e->body);
    EXPECT_TRUE(claimed.automatic);
    EXPECT_FALSE(e->origin.has_value()) << "routing's events have no client origin";
    made.emplace_back(claimed.question, claimed.moderator.participant);
    s.apply(*e);
  }
  return made;
}

presence with(std::initializer_list<participant> connected) {
  presence present(live_now() - 1h);
  for (const auto& who : connected) present.join(who);
  return present;
}

}  // namespace routing_cases

TEST(help_session, a_question_goes_to_a_connected_moderator_of_its_agency_without_a_claim) {
  using namespace routing_cases;
  auto s = session_in(session_state::live);
  auto present = with({mintic, dafp, ana});
  auto gel = asked(s, "mintic-gel");
  auto talento = asked(s, "dafp");
  auto made = route(s, present);
  EXPECT_EQ(made, (std::vector<std::pair<question_id, participant_id>>{{gel, mintic.id}, {talento, dafp.id}}));
  EXPECT_EQ(question_in(s, gel).state, question_state::assigned);
  EXPECT_EQ(s.open_assignments(mintic.id), 1);
}

TEST(help_session, nobody_of_the_agency_connected_leaves_the_question_waiting) {
  using namespace routing_cases;
  auto s = session_in(session_state::live);
  auto present = with({dafp});
  auto gel = asked(s, "mintic-gel");
  EXPECT_TRUE(route(s, present).empty());
  EXPECT_EQ(waiting_ids(s, "mintic-gel"), (std::vector{gel}));
}

TEST(help_session, triage_goes_to_any_moderator_but_never_to_an_admin) {
  using namespace routing_cases;
  auto s = session_in(session_state::live);
  auto only_admin = with({admin});
  auto general = asked(s, "triage");
  EXPECT_TRUE(route(s, only_admin).empty()) << "admins oversee; routing gives work to moderators";
  auto present = with({admin, dafp});
  EXPECT_EQ(route(s, present), (std::vector<std::pair<question_id, participant_id>>{{general, dafp.id}}));
}

TEST(help_session, a_moderator_gets_no_more_than_the_cap_and_the_rest_waits_oldest_first) {
  using namespace routing_cases;
  auto s = session_in(session_state::live);
  auto present = with({mintic});
  auto q1 = asked(s);
  auto q2 = asked(s);
  auto q3 = asked(s);
  auto q4 = asked(s);
  EXPECT_EQ(route(s, present, cap_of_two).size(), 2U);
  EXPECT_EQ(waiting_ids(s, "mintic-gel"), (std::vector{q3, q4}));
  // Answering one frees a slot: the oldest waiting question takes it at once.
  perform(s, mintic, answer{q1, "Sí."});
  EXPECT_EQ(route(s, present, cap_of_two), (std::vector<std::pair<question_id, participant_id>>{{q3, mintic.id}}));
  EXPECT_EQ(question_in(s, q2).holder, mintic.id);
}

TEST(help_session, the_least_loaded_moderator_is_chosen_and_ties_go_to_the_longest_idle) {
  using namespace routing_cases;
  using assigned = std::vector<std::pair<question_id, participant_id>>;
  auto s = session_in(session_state::live);
  auto present = with({mintic_too});
  auto q1 = asked(s);
  EXPECT_EQ(route(s, present, {}, live_now()), (assigned{{q1, mintic_too.id}}));
  present.join(mintic);
  auto q2 = asked(s);
  EXPECT_EQ(route(s, present, {}, live_now() + 1min), (assigned{{q2, mintic.id}})) << "fewest open assignments";
  perform(s, mintic, answer{q2, "Sí."});
  perform(s, mintic_too, answer{q1, "Sí."});
  auto q3 = asked(s);
  EXPECT_EQ(route(s, present, {}, live_now() + 2min), (assigned{{q3, mintic_too.id}}))
      << "both free: Mario's last assignment is the older one, though Marta's id is lower";
  auto q4 = asked(s);
  EXPECT_EQ(route(s, present, {}, live_now() + 3min), (assigned{{q4, mintic.id}}));
}

TEST(help_session, a_moderator_gets_only_the_sections_they_answer) {
  using namespace routing_cases;
  auto s = session_in(session_state::live);
  auto other_sections = mintic;
  other_sections.sections = {"otra"};
  auto present = with({other_sections});
  auto gel = asked(s, "mintic-gel");
  EXPECT_TRUE(route(s, present).empty());
  auto gel_too = mintic_too;
  gel_too.sections = {"gel"};
  present.join(gel_too);
  EXPECT_EQ(route(s, present), (std::vector<std::pair<question_id, participant_id>>{{gel, mintic_too.id}}));
}

TEST(help_session, a_paused_moderator_gets_nothing_automatically_but_may_still_claim) {
  using namespace routing_cases;
  auto s = session_in(session_state::live);
  auto present = with({mintic});
  auto e = perform(s, mintic, pause_assignment{true});
  EXPECT_TRUE(std::get<moderator_paused>(e.body).paused);
  EXPECT_TRUE(s.is_paused(mintic.id));
  auto q = asked(s);
  EXPECT_TRUE(route(s, present).empty());
  EXPECT_EQ(refusal_of(s, mintic, claim{q}), "");
  EXPECT_EQ(refusal_of(s, mintic, pause_assignment{true}), "invalid_message") << "already paused";
  perform(s, mintic, pause_assignment{false});
  EXPECT_EQ(route(s, present).size(), 1U);
}

TEST(help_session, an_official_cannot_pause) {
  auto s = session_in(session_state::live);
  EXPECT_EQ(refusal_of(s, ana, pause_assignment{true}), "forbidden");
}

TEST(help_session, nothing_is_assigned_before_questions_open_or_after_the_close) {
  using namespace routing_cases;
  auto s = session_in(session_state::closed);
  auto present = with({mintic});
  EXPECT_FALSE(s.next_assignment(present, {}, live_now()).has_value());
  auto scheduled = fresh_session();
  EXPECT_FALSE(scheduled.next_assignment(present, {}, live_now()).has_value());
}

TEST(help_session, assignments_of_a_moderator_away_past_the_grace_period_go_back_to_the_queue) {
  using namespace routing_cases;
  auto s = session_in(session_state::live);
  auto present = with({mintic});
  auto q1 = asked(s);
  auto q2 = asked(s);
  route(s, present);
  const auto left_at = live_now() - 30s;
  present.leave(mintic.id, left_at);
  EXPECT_FALSE(s.next_release(present, grace, left_at + grace - 1s).has_value()) << "within the grace period";
  std::vector<question_id> released;
  while (auto e = s.next_release(present, grace, left_at + grace)) {
    const auto& r = std::get<question_released>(e->body);
    EXPECT_EQ(r.moderator.participant, mintic.id);
    EXPECT_EQ(r.reason, release_reason::moderator_left);
    released.push_back(r.question);
    s.apply(*e);
  }
  EXPECT_EQ(released, (std::vector{q1, q2}));
  EXPECT_EQ(waiting_ids(s, "mintic-gel"), (std::vector{q1, q2})) << "back in their places, by when they were asked";
  EXPECT_EQ(s.open_assignments(mintic.id), 0);
  present.join(mintic_too);
  EXPECT_EQ(route(s, present).size(), 2U) << "and assigned again";
}

TEST(help_session, reconnecting_within_the_grace_period_keeps_everything) {
  using namespace routing_cases;
  auto s = session_in(session_state::live);
  auto present = with({mintic});
  asked(s);
  route(s, present);
  present.leave(mintic.id, live_now() - 30s);
  present.join(mintic);
  EXPECT_FALSE(s.next_release(present, grace, live_now() + 1h).has_value());
}

TEST(help_session, after_a_restart_a_holder_not_seen_again_is_away_since_the_start) {
  using namespace routing_cases;
  auto s = session_in(session_state::live);
  auto before = with({mintic});
  asked(s);
  route(s, before);
  presence after_restart(live_now());
  EXPECT_FALSE(s.next_release(after_restart, grace, live_now() + grace - 1s).has_value());
  EXPECT_TRUE(s.next_release(after_restart, grace, live_now() + grace).has_value());
}

TEST(help_session, replay_rebuilds_assignments_loads_and_pauses) {
  using namespace routing_cases;
  auto original = session_in(session_state::live);
  std::vector<event> transcript;
  auto keep = [&](event e) {
    original.apply(e);
    transcript.push_back(std::move(e));
  };
  auto present = with({mintic, mintic_too});
  for (int i = 0; i < 3; ++i) keep(*original.decide(ana, ask_in("mintic-gel"), next_cid(), live_now()));
  while (auto e = original.next_assignment(present, {}, live_now())) keep(*e);
  keep(*original.decide(mintic_too, pause_assignment{true}, next_cid(), live_now()));

  auto rebuilt = session_in(session_state::live);
  for (const auto& e : transcript) rebuilt.apply(e);
  EXPECT_EQ(rebuilt.open_assignments(mintic.id), original.open_assignments(mintic.id));
  EXPECT_EQ(rebuilt.open_assignments(mintic_too.id), original.open_assignments(mintic_too.id));
  EXPECT_TRUE(rebuilt.is_paused(mintic_too.id));
  EXPECT_EQ(rebuilt.next_assignment(present, {}, live_now()).has_value(),
            original.next_assignment(present, {}, live_now()).has_value());
}

TEST(help_session, a_transfer_needs_a_known_agency_and_a_reason_which_it_records) {
  auto s = session_in(session_state::live);
  auto q = asked(s);
  EXPECT_EQ(refusal_of(s, mintic, transfer{q, "ministerio-x", "Motivo"}), "invalid_message");
  EXPECT_EQ(refusal_of(s, mintic, transfer{q, "dafp", " "}), "invalid_message");
  auto e = perform(s, mintic, transfer{q, "dafp", "Es del plan de talento humano"});
  EXPECT_EQ(std::get<question_transferred>(e.body).reason, "Es del plan de talento humano");
}

TEST(help_session, an_unknown_field_or_faq_entry_is_refused_by_the_domain) {
  auto s = session_in(session_state::live);
  ask unknown;
  unknown.field = "no_existe";
  unknown.text = "¿?";
  EXPECT_EQ(refusal_of(s, ana, unknown), "unknown_field");
  ask resolved = ask_in("mintic-gel");
  resolved.resolved_by_faq = "no-existe";
  EXPECT_EQ(refusal_of(s, ana, resolved), "unknown_faq");
  auto q = asked(s);
  EXPECT_EQ(refusal_of(s, ana, resolve_by_faq{q, "no-existe"}), "unknown_faq");
}

TEST(help_session, an_asked_question_takes_its_section_and_queue_from_the_catalog) {
  auto s = session_in(session_state::live);
  auto e = perform(s, ana, ask_in("dafp"));
  const auto& asked_event = std::get<question_asked>(e.body);
  EXPECT_EQ(asked_event.field, "talento_plan");
  EXPECT_EQ(asked_event.section, "talento");
  EXPECT_EQ(asked_event.agency, "dafp");
}

TEST(help_session, a_private_answer_reaches_the_askers_of_every_question_merged_into_it) {
  auto s = session_in(session_state::live);
  const participant carla = official(3, "Carla Pérez");
  auto original = asked(s, "mintic-gel", ana);
  auto duplicate = asked(s, "mintic-gel", beto);
  auto duplicate_of_duplicate = asked(s, "mintic-gel", carla);
  auto ana_again = asked(s, "mintic-gel", ana);
  perform(s, mintic, merge{duplicate_of_duplicate, duplicate});
  perform(s, mintic, merge{duplicate, original});
  perform(s, mintic, merge{ana_again, original});
  EXPECT_EQ(question_in(s, original).co_askers, (std::vector{beto.id, carla.id}))
      << "each official once, never the asker, through merges of merges";
  EXPECT_EQ(question_in(s, original).askers, 4) << "every question counts for the queue's order";
  auto e = perform(s, mintic, answer{original, "Le escribo.", visibility::private_});
  const auto& answered = std::get<question_answered>(e.body);
  EXPECT_EQ(answered.asker, ana.id);
  EXPECT_EQ(audience_of(answered), (std::vector{ana.id, beto.id, carla.id}));
}

// ---- "Yo también": an official joins another's open question

TEST(help_session, an_official_joins_another_s_open_question_as_co_asker) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "mintic-gel", ana);
  auto e = perform(s, beto, join_question{id});
  const auto* joined = std::get_if<question_joined>(&e.body);
  ASSERT_NE(joined, nullptr);
  EXPECT_EQ(joined->question, id);
  EXPECT_EQ(joined->official.participant, beto.id);
  EXPECT_EQ(joined->official.profile.dane_code, "05001");
  EXPECT_EQ(question_in(s, id).askers, 2);
  EXPECT_EQ(question_in(s, id).co_askers, (std::vector{beto.id}));
  EXPECT_EQ(question_in(s, id).state, question_state::queued) << "joining changes nobody's assignment";

  auto answered = perform(s, mintic, answer{id, "Le escribo.", visibility::private_});
  EXPECT_EQ(private_audience_of(answered), (std::vector{ana.id, beto.id})) << "a private answer reaches both";
}

TEST(help_session, more_askers_go_first_among_questions_asked_at_the_same_moment) {
  auto s = session_in(session_state::live);
  const participant carla = official(3, "Carla Pérez");
  auto first = asked(s, "mintic-gel", ana);
  auto second = asked(s, "mintic-gel", beto);  // same moment: live_now()
  EXPECT_EQ(waiting_ids(s, "mintic-gel"), (std::vector{first, second})) << "equal askers: lower id first";
  perform(s, carla, join_question{second});
  EXPECT_EQ(waiting_ids(s, "mintic-gel"), (std::vector{second, first}));
}

TEST(help_session, joining_is_refused_on_one_s_own_a_joined_or_a_closed_question_and_for_staff) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "mintic-gel", ana);
  EXPECT_EQ(refusal_of(s, ana, join_question{id}), "invalid_message") << "one's own question";
  perform(s, beto, join_question{id});
  EXPECT_EQ(refusal_of(s, beto, join_question{id}), "invalid_message") << "twice";
  EXPECT_EQ(refusal_of(s, mintic, join_question{id}), "forbidden");
  EXPECT_EQ(refusal_of(s, beto, join_question{question_id{999}}), "unknown_question");
  auto closed = asked(s, "mintic-gel", ana);
  perform(s, mintic, dismiss{closed, "Fuera de tema"});
  EXPECT_EQ(refusal_of(s, beto, join_question{closed}), "question_closed");
}

TEST(help_session, joining_is_refused_once_the_session_no_longer_takes_questions) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "mintic-gel", ana);
  auto closing = s.advance(the_schedule().ends_at);
  ASSERT_TRUE(closing.has_value());
  s.apply(*closing);
  EXPECT_EQ(refusal_of(s, beto, join_question{id}), "session_not_open");
}

// ---- reopen: the undo of a dismissal

TEST(help_session, a_dismissed_question_is_reopened_into_its_place_in_the_queue) {
  auto s = session_in(session_state::live);
  auto first = asked(s, "mintic-gel", ana);
  auto second = asked(s, "mintic-gel", beto);
  perform(s, mintic, dismiss{first, "Por error"});
  EXPECT_EQ(waiting_ids(s, "mintic-gel"), (std::vector{second}));
  auto e = perform(s, mintic_too, reopen{first});
  const auto* reopened = std::get_if<question_reopened>(&e.body);
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(reopened->moderator.participant, mintic_too.id);
  EXPECT_EQ(question_in(s, first).state, question_state::queued);
  EXPECT_EQ(waiting_ids(s, "mintic-gel"), (std::vector{first, second})) << "back in its place by asking time";
}

TEST(help_session, only_a_dismissed_question_of_one_s_queues_is_reopened_and_only_by_staff) {
  auto s = session_in(session_state::live);
  auto open = asked(s, "mintic-gel", ana);
  EXPECT_EQ(refusal_of(s, mintic, reopen{open}), "invalid_message") << "not dismissed";
  auto answered = asked(s, "mintic-gel", ana);
  perform(s, mintic, answer{answered, "Sí.", visibility::public_});
  EXPECT_EQ(refusal_of(s, mintic, reopen{answered}), "invalid_message");
  perform(s, mintic, dismiss{open, "Por error"});
  EXPECT_EQ(refusal_of(s, ana, reopen{open}), "forbidden") << "officials do not reopen";
  EXPECT_EQ(refusal_of(s, dafp, reopen{open}), "forbidden") << "another agency's queue";
  EXPECT_EQ(refusal_of(s, admin, reopen{open}), "");
  EXPECT_EQ(refusal_of(s, mintic, reopen{question_id{999}}), "unknown_question");
}

// ---- correction of a sent answer

TEST(help_session, a_sent_answer_is_corrected_with_its_visibility_and_audience) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "mintic-gel", ana);
  perform(s, beto, join_question{id});
  auto sent = perform(s, mintic, answer{id, "Por corre.", visibility::private_});
  auto e = perform(s, mintic, correct_answer{sent.seq, "Por correo certificado."});
  const auto* fixed = std::get_if<answer_corrected>(&e.body);
  ASSERT_NE(fixed, nullptr);
  EXPECT_EQ(fixed->question, id);
  EXPECT_EQ(fixed->answer, sent.seq);
  EXPECT_EQ(fixed->text, "Por correo certificado.");
  EXPECT_EQ(fixed->scope, visibility::private_);
  EXPECT_TRUE(is_private(e));
  EXPECT_EQ(private_audience_of(e), (std::vector{ana.id, beto.id}));
  EXPECT_EQ(question_in(s, id).state, question_state::answered) << "a correction changes no state";
}

TEST(help_session, the_author_a_colleague_of_their_agency_or_an_admin_corrects_an_answer) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "mintic-gel", ana);
  auto sent = perform(s, mintic, answer{id, "Sí.", visibility::public_});
  EXPECT_EQ(refusal_of(s, mintic, correct_answer{sent.seq, "Sí, las cinco."}), "");
  EXPECT_EQ(refusal_of(s, mintic_too, correct_answer{sent.seq, "Sí, las cinco."}), "");
  EXPECT_EQ(refusal_of(s, admin, correct_answer{sent.seq, "Sí, las cinco."}), "");
  EXPECT_EQ(refusal_of(s, dafp, correct_answer{sent.seq, "No."}), "forbidden");
  EXPECT_EQ(refusal_of(s, ana, correct_answer{sent.seq, "No."}), "forbidden");
  EXPECT_EQ(refusal_of(s, mintic, correct_answer{id.value, "No es una respuesta."}), "unknown_question")
      << "the question's seq is not an answer";
}

TEST(help_session, answers_are_corrected_after_the_close_but_not_once_archived) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "mintic-gel", ana);
  auto sent = perform(s, mintic, answer{id, "Sí.", visibility::public_});
  for (auto when : {the_schedule().ends_at, the_schedule().archives_at}) {
    auto moved = s.advance(when);
    ASSERT_TRUE(moved.has_value());
    s.apply(*moved);
    auto refusal = refusal_of(s, mintic, correct_answer{sent.seq, "Sí, las cinco."});
    EXPECT_EQ(refusal, s.state() == session_state::closed ? "" : "session_not_open") << to_string(s.state());
  }
}

// A live session whose events are kept, to be replayed into another.
struct recorded_session {
  help_session original = session_in(session_state::live);
  std::vector<event> transcript;

  event record(const participant& who, const command& cmd) {
    transcript.push_back(perform(original, who, cmd));
    return transcript.back();
  }
  // A session rebuilt from the transcript, checked against the original.
  help_session replayed() const {
    auto rebuilt = session_in(session_state::live);
    for (const auto& e : transcript) rebuilt.apply(e);
    expect_same_state(rebuilt, original);
    return rebuilt;
  }
};

TEST(help_session, replay_rebuilds_joins_reopens_and_what_may_be_corrected) {
  recorded_session session;
  auto record = [&](const participant& who, const command& cmd) { return session.record(who, cmd); };
  auto id = question_id{record(ana, ask_in("mintic-gel")).seq};
  auto other = question_id{record(ana, ask_in("mintic-gel")).seq};
  record(beto, join_question{id});
  record(mintic, dismiss{other, "Por error"});
  record(mintic, reopen{other});
  auto sent = record(mintic, answer{id, "Sí.", visibility::public_});
  record(mintic, correct_answer{sent.seq, "Sí, las cinco."});

  auto rebuilt = session.replayed();
  EXPECT_EQ(rebuilt.find(id)->co_askers, (std::vector{beto.id}));
  EXPECT_EQ(refusal_of(rebuilt, mintic_too, correct_answer{sent.seq, "Sí, todas."}), "");
  EXPECT_EQ(refusal_of(rebuilt, dafp, correct_answer{sent.seq, "No."}), "forbidden");
}

// ---- consult, suggest, block, unblock

TEST(help_session, a_moderator_consults_another_agency_and_keeps_the_question) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "mintic-gel");
  perform(s, mintic, claim{id});
  auto consulted = perform(s, mintic, consult{id, "dafp", "¿Qué norma aplica aquí?"});
  const auto& body = std::get<question_consulted>(consulted.body);
  EXPECT_EQ(body.agency, "dafp");
  EXPECT_EQ(body.note, "¿Qué norma aplica aquí?");
  EXPECT_EQ(body.moderator.participant, mintic.id);
  EXPECT_TRUE(is_private(consulted)) << "the note is for moderators only";
  EXPECT_TRUE(private_audience_of(consulted).empty());
  const auto& q = question_in(s, id);
  EXPECT_EQ(q.state, question_state::assigned);
  EXPECT_EQ(q.holder, mintic.id) << "consulting keeps the question with its holder";
  EXPECT_EQ(q.agency, "mintic-gel");
  EXPECT_EQ(s.open_assignments(mintic.id), 1);
}

TEST(help_session, consulting_one_s_own_agency_an_unknown_one_or_without_a_note_is_refused) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "mintic-gel");
  EXPECT_EQ(refusal_of(s, mintic, consult{id, "mintic-gel", "¿?"}), "invalid_message");
  EXPECT_EQ(refusal_of(s, mintic, consult{id, "nadie", "¿?"}), "invalid_message");
  EXPECT_EQ(refusal_of(s, mintic, consult{id, "triage", "¿?"}), "invalid_message");
  EXPECT_EQ(refusal_of(s, mintic, consult{id, "dafp", "  \n"}), "invalid_message");
  EXPECT_EQ(refusal_of(s, dafp, consult{id, "dnp-pnsc", "¿?"}), "forbidden") << "not dafp's queue";
  EXPECT_EQ(refusal_of(s, ana, consult{id, "dafp", "¿?"}), "forbidden");
  perform(s, mintic, answer{id, "Sí.", visibility::public_});
  EXPECT_EQ(refusal_of(s, mintic, consult{id, "dafp", "¿?"}), "question_closed");
}

TEST(help_session, only_a_consulted_agency_or_an_admin_suggests_an_answer) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "mintic-gel");
  EXPECT_EQ(refusal_of(s, dafp, suggest{id, "Use el decreto."}), "forbidden") << "nobody asked dafp yet";
  perform(s, mintic, consult{id, "dafp", "¿Qué norma aplica?"});
  auto suggested = perform(s, dafp, suggest{id, "Use el decreto."});
  const auto& body = std::get<answer_suggested>(suggested.body);
  EXPECT_EQ(body.text, "Use el decreto.");
  EXPECT_EQ(body.moderator.agency, "dafp");
  EXPECT_TRUE(is_private(suggested));
  EXPECT_EQ(question_in(s, id).state, question_state::queued) << "a suggestion answers nobody";
  EXPECT_EQ(refusal_of(s, admin, suggest{id, "Otra idea."}), "");
  EXPECT_EQ(refusal_of(s, ana, suggest{id, "Yo sé."}), "forbidden");
  perform(s, mintic, dismiss{id, "Repetida"});
  EXPECT_EQ(refusal_of(s, dafp, suggest{id, "Tarde."}), "question_closed");
}

TEST(help_session, blocking_hides_and_closes_the_official_s_open_questions_and_frees_their_holders) {
  auto s = session_in(session_state::live);
  auto held = asked(s, "mintic-gel", ana);
  auto waiting = asked(s, "dafp", ana);
  auto answered = asked(s, "mintic-gel", ana);
  auto beto_s = asked(s, "mintic-gel", beto);
  perform(s, mintic, claim{held});
  perform(s, mintic, answer{answered, "Sí.", visibility::public_});
  ASSERT_EQ(s.open_assignments(mintic.id), 1);

  auto blocked = perform(s, dafp, block{ana.id, "Mensajes ofensivos"});
  const auto& body = std::get<official_blocked>(blocked.body);
  EXPECT_EQ(body.official.participant, ana.id);
  EXPECT_EQ(body.official.name, "Ana Gómez");
  EXPECT_EQ(body.reason, "Mensajes ofensivos");
  EXPECT_EQ(body.hidden, (std::vector{held, waiting})) << "answered questions stay as they are";
  EXPECT_TRUE(is_private(blocked));
  EXPECT_EQ(questions_touched_by(blocked), (std::vector{held, waiting}));

  for (auto id : {held, waiting}) {
    EXPECT_EQ(question_in(s, id).state, question_state::dismissed);
    EXPECT_TRUE(question_in(s, id).hidden);
  }
  EXPECT_FALSE(question_in(s, answered).hidden);
  EXPECT_EQ(question_in(s, beto_s).state, question_state::queued);
  EXPECT_EQ(s.open_assignments(mintic.id), 0) << "the holder's slot is free again";
  EXPECT_TRUE(s.is_blocked(ana.id));
  EXPECT_EQ(refusal_of(s, ana, ask_in("mintic-gel")), "forbidden") << "a command already on its way";
  EXPECT_EQ(refusal_of(s, mintic, reopen{waiting}), "invalid_message") << "a hidden question is not reopened";
}

TEST(help_session, blocking_a_moderator_an_unknown_participant_twice_or_without_a_reason_is_refused) {
  auto s = session_in(session_state::live);
  asked(s, "mintic-gel", ana);
  EXPECT_EQ(refusal_of(s, dafp, block{mintic.id, "No me gusta"}), "forbidden");
  EXPECT_EQ(refusal_of(s, dafp, block{dafp.id, "Yo mismo"}), "forbidden");
  EXPECT_EQ(refusal_of(s, dafp, block{participant_id{999}, "¿Quién?"}), "forbidden");
  EXPECT_EQ(refusal_of(s, dafp, block{ana.id, " "}), "invalid_message");
  EXPECT_EQ(refusal_of(s, beto, block{ana.id, "Me molesta"}), "forbidden") << "officials do not block";
  perform(s, dafp, block{ana.id, "Spam"});
  EXPECT_EQ(refusal_of(s, mintic, block{ana.id, "Spam otra vez"}), "invalid_message");
}

TEST(help_session, an_official_who_only_joined_a_question_can_be_blocked_and_nothing_of_theirs_is_hidden) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "mintic-gel", ana);
  perform(s, beto, join_question{id});
  auto blocked = perform(s, mintic, block{beto.id, "Spam"});
  EXPECT_TRUE(std::get<official_blocked>(blocked.body).hidden.empty());
  EXPECT_EQ(question_in(s, id).state, question_state::queued);
}

TEST(help_session, only_an_admin_unblocks_and_the_official_may_ask_again) {
  auto s = session_in(session_state::live);
  auto id = asked(s, "mintic-gel", ana);
  perform(s, mintic, block{ana.id, "Spam"});
  EXPECT_EQ(refusal_of(s, mintic, unblock{ana.id}), "forbidden");
  EXPECT_EQ(refusal_of(s, admin, unblock{beto.id}), "invalid_message") << "beto is not blocked";
  auto unblocked = perform(s, admin, unblock{ana.id});
  EXPECT_EQ(std::get<official_unblocked>(unblocked.body).official, ana.id);
  EXPECT_FALSE(s.is_blocked(ana.id));
  EXPECT_EQ(refusal_of(s, ana, ask_in("mintic-gel")), "");
  EXPECT_TRUE(question_in(s, id).hidden) << "what was hidden stays hidden";
}

TEST(help_session, replay_rebuilds_consults_blocks_and_hidden_questions) {
  recorded_session session;
  auto record = [&](const participant& who, const command& cmd) { return session.record(who, cmd); };
  auto id = question_id{record(ana, ask_in("mintic-gel")).seq};
  auto other = question_id{record(beto, ask_in("mintic-gel")).seq};
  record(mintic, claim{id});
  record(mintic, consult{other, "dafp", "¿Norma?"});
  record(mintic, block{ana.id, "Spam"});

  auto rebuilt = session.replayed();
  EXPECT_TRUE(rebuilt.is_blocked(ana.id));
  EXPECT_TRUE(rebuilt.find(id)->hidden);
  EXPECT_EQ(rebuilt.open_assignments(mintic.id), 0);
  EXPECT_EQ(refusal_of(rebuilt, dafp, suggest{other, "Esta."}), "");
}

}  // namespace
}  // namespace helpchat::chat
