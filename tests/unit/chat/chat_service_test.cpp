#include "chat/chat_service.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "support/manual_clock.hpp"
#include "support/memory_transcript_sink.hpp"
#include "support/recording_outbox.hpp"
#include "support/stub_event_encoder.hpp"
#include "support/table_catalog.hpp"

namespace helpchat::chat {
namespace {

using namespace std::chrono_literals;
using testing::manual_clock;
using testing::memory_transcript_sink;
using testing::recording_outbox;
using testing::stub_event_encoder;

utc_time at(std::string_view text) {
  auto parsed = parse_utc(text);
  EXPECT_TRUE(parsed.has_value()) << text;
  return parsed.value_or(utc_time{});
}

const help_session_id session_id{7};
const help_session_id other_session_id{8};

help_session_info info_of(help_session_id id) {
  return {
      id,
      "Plan de Acción 2012",
      {at("2012-05-29T13:00:00Z"), at("2012-05-29T14:00:00Z"), at("2012-05-29T16:00:00Z"), at("2012-06-05T00:00:00Z")}};
}

participant official(std::int64_t id, std::string name) {
  participant p;
  p.id = participant_id{id};
  p.role = auth::role::official;
  p.name = std::move(name);
  p.official = {"Secretaria de Planeación", entity_type::alcaldia, "05001", "Alcaldía de Medellín (Antioquia)"};
  return p;
}

participant moderator(std::int64_t id, std::string agency) {
  participant p;
  p.id = participant_id{id};
  p.role = auth::role::moderator;
  p.name = "Moderadora " + std::to_string(id);
  p.agency = std::move(agency);
  return p;
}

const participant ana = official(1, "Ana Gómez");
const participant beto = official(2, "Beto Ríos");
const participant marta = moderator(10, "mintic-gel");

const connection_id ana_connection{101};
const connection_id ana_second_connection{102};
const connection_id beto_connection{201};
const connection_id marta_connection{1001};

ask a_question(std::string text = "¿Debo diligenciar las cinco fases?") {
  ask cmd;
  cmd.field = "gel_fase";
  cmd.text = std::move(text);
  return cmd;
}

// So generous that no test meets it unless it means to.
constexpr rate unlimited{1000.0, 1000.0};

// A chat_service over one io_context that the test runs itself, with a clock, sink and outbox it controls.
// Handlers only run inside run_until_idle(), on the test's thread.
class service_harness {
 public:
  // Moderators the tests never join (commands only) keep their questions unless a test means otherwise.
  explicit service_harness(utc_time now = at("2012-05-29T14:30:00Z"), rate questions_per_official = unlimited,
                           routing_settings routing = {{}, 24h})
      : clock(now),
        service({boost::asio::any_io_executor(io.get_executor())}, clock, sink, outbox, encoder, catalog,
                questions_per_official, routing) {}

  // Runs every handler that is ready, until none is left.
  void run_until_idle() {
    io.restart();
    io.run();
  }

  // Adds the session and lets the clock move it to where the schedule says it is now (committed).
  void add_current(help_session_id id = session_id) {
    service.add(info_of(id), {});
    service.tick();
    run_until_idle();
    commit();
    outbox.clear();
  }

  void submit(const participant& who, connection_id from, std::string cid, command cmd,
              help_session_id id = session_id) {
    service.submit(id, from, who, std::move(cid), std::move(cmd));
    run_until_idle();
  }

  // The transcript writer's COMMIT: hands the pending records to the service, then runs what that posted.
  std::size_t commit() {
    auto count = sink.commit(service);
    run_until_idle();
    return count;
  }

  boost::asio::io_context io;
  manual_clock clock;
  memory_transcript_sink sink;
  recording_outbox outbox;
  stub_event_encoder encoder;
  testing::table_catalog catalog;
  chat_service service;
};

bool same_ack(const acknowledgement& a, connection_id connection, std::string_view cid, seq_t seq) {
  return a.connection == connection && a.cid == cid && a.seq == seq;
}

TEST(chat_service, nothing_is_published_or_acknowledged_before_the_commit) {
  service_harness h;
  h.add_current();
  h.submit(ana, ana_connection, "c-1", a_question());
  EXPECT_EQ(h.sink.pending(), 1u) << "the event went to the transcript";
  EXPECT_TRUE(h.outbox.empty()) << "but nobody heard of it yet";
  EXPECT_EQ(h.service.view(session_id)->last_committed_seq, 1) << "only the clock's event is committed";
  EXPECT_EQ(h.service.log_of(session_id)->last_seq(), 1);

  EXPECT_EQ(h.commit(), 1u);
  auto batches = h.outbox.batches();
  ASSERT_EQ(batches.size(), 1u);
  ASSERT_EQ(batches[0]->events.size(), 1u);
  EXPECT_EQ(batches[0]->session, session_id);
  EXPECT_EQ(batches[0]->events[0].seq, 2);
  ASSERT_EQ(batches[0]->acks.size(), 1u);
  EXPECT_TRUE(same_ack(batches[0]->acks[0], ana_connection, "c-1", 2));
  EXPECT_EQ(h.service.view(session_id)->last_committed_seq, 2);
  EXPECT_EQ(h.service.log_of(session_id)->last_seq(), 2);
}

TEST(chat_service, acks_follow_their_events_in_one_batch) {
  service_harness h;
  h.add_current();
  h.submit(ana, ana_connection, "c-1", a_question());
  h.submit(beto, beto_connection, "b-1", a_question("¿Y el plazo?"));
  h.commit();
  auto calls = h.outbox.calls();
  ASSERT_EQ(calls.size(), 1u) << "one commit, one session: one publish, acks included";
  auto batch = std::get<0>(calls[0]);
  ASSERT_EQ(batch->events.size(), 2u);
  EXPECT_EQ(batch->events[0].seq, 2);
  EXPECT_EQ(batch->events[1].seq, 3);
  ASSERT_EQ(batch->acks.size(), 2u);
  EXPECT_TRUE(same_ack(batch->acks[0], ana_connection, "c-1", 2));
  EXPECT_TRUE(same_ack(batch->acks[1], beto_connection, "b-1", 3));
}

TEST(chat_service, published_events_carry_the_encoded_bytes) {
  service_harness h;
  h.add_current();
  h.submit(ana, ana_connection, "c-1", a_question());
  h.commit();
  h.submit(marta, marta_connection, "m-1", answer{question_id{2}, "Por correo.", visibility::private_});
  h.commit();
  auto batches = h.outbox.batches();
  ASSERT_EQ(batches.size(), 2u);
  const auto& asked = batches[0]->events.at(0);
  EXPECT_EQ(*asked.full, "seq=2 kind=0");
  EXPECT_FALSE(asked.is_private());
  const auto& answered = batches[1]->events.at(0);
  EXPECT_TRUE(answered.is_private());
  EXPECT_EQ(answered.audience, std::vector<participant_id>{ana.id});
  EXPECT_EQ(*answered.redacted, "seq=3 kind=2 redacted");
  // The log serves the same buffers to clients that join later.
  auto logged = h.service.log_of(session_id)->since(2);
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_EQ(logged[0].full, answered.full);
}

TEST(chat_service, repeated_cid_before_the_commit_is_acknowledged_only_after_it) {
  service_harness h;
  h.add_current();
  h.submit(ana, ana_connection, "c-1", a_question());
  // The client reconnected without having seen the ack and sends the command again.
  h.submit(ana, ana_second_connection, "c-1", a_question());
  EXPECT_EQ(h.sink.pending(), 1u) << "not applied twice";
  EXPECT_TRUE(h.outbox.empty()) << "not acknowledged before the commit";

  h.commit();
  auto calls = h.outbox.calls();
  ASSERT_EQ(calls.size(), 2u);
  ASSERT_EQ(calls[0].index(), 0u) << "the event is published first";
  ASSERT_EQ(calls[1].index(), 1u) << "then the repeat is acknowledged";
  EXPECT_TRUE(same_ack(std::get<1>(calls[1]), ana_second_connection, "c-1", 2));
  EXPECT_EQ(h.outbox.published_seqs(), (std::vector<seq_t>{2}));
}

TEST(chat_service, repeated_cid_after_the_commit_is_acknowledged_at_once) {
  service_harness h;
  h.add_current();
  h.submit(ana, ana_connection, "c-1", a_question());
  h.commit();
  h.outbox.clear();
  h.submit(ana, ana_second_connection, "c-1", a_question());
  auto acks = h.outbox.lone_acks();
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_TRUE(same_ack(acks[0], ana_second_connection, "c-1", 2));
  EXPECT_TRUE(h.outbox.batches().empty());
  EXPECT_EQ(h.sink.pending(), 0u);
}

TEST(chat_service, repeated_cid_is_never_applied_twice) {
  service_harness h;
  h.add_current();
  for (int i = 0; i < 3; ++i) {
    h.submit(ana, ana_connection, "c-1", a_question());
    h.commit();
  }
  h.submit(ana, ana_connection, "c-1", a_question("Otro texto, el mismo cid"));
  h.commit();
  EXPECT_EQ(h.sink.appended().size(), 2u) << "the clock's event and one question";
  EXPECT_EQ(h.outbox.published_seqs(), (std::vector<seq_t>{2}));
  auto acks = h.outbox.all_acks();
  ASSERT_EQ(acks.size(), 4u) << "every repeat is acknowledged again";
  for (const auto& ack : acks) EXPECT_TRUE(same_ack(ack, ana_connection, "c-1", 2));
}

TEST(chat_service, the_same_cid_from_another_participant_is_another_command) {
  service_harness h;
  h.add_current();
  h.submit(ana, ana_connection, "1", a_question());
  h.submit(beto, beto_connection, "1", a_question());
  h.commit();
  EXPECT_EQ(h.outbox.published_seqs(), (std::vector<seq_t>{2, 3}));
}

TEST(chat_service, repeat_of_a_command_from_before_a_restart_is_acknowledged_at_once) {
  service_harness first;
  first.add_current();
  first.submit(ana, ana_connection, "c-1", a_question());
  first.commit();
  auto history = first.sink.appended();

  service_harness restarted;
  restarted.service.add(info_of(session_id), history);
  EXPECT_EQ(restarted.service.view(session_id)->last_committed_seq, 2);
  EXPECT_EQ(restarted.service.log_of(session_id)->last_seq(), 2);
  restarted.submit(ana, ana_second_connection, "c-1", a_question());
  auto acks = restarted.outbox.lone_acks();
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_TRUE(same_ack(acks[0], ana_second_connection, "c-1", 2));
  EXPECT_EQ(restarted.sink.pending(), 0u);
}

TEST(chat_service, refusals_go_to_the_sender) {
  service_harness h;
  h.add_current();
  h.submit(marta, marta_connection, "m-1", a_question());
  auto refusals = h.outbox.refusals();
  ASSERT_EQ(refusals.size(), 1u);
  EXPECT_EQ(refusals[0].connection, marta_connection);
  EXPECT_EQ(refusals[0].cid, "m-1");
  EXPECT_EQ(refusals[0].why.code, error_code::forbidden);
  EXPECT_FALSE(refusals[0].why.message.empty());
  EXPECT_EQ(h.sink.pending(), 0u) << "nothing is written for a refused command";
  EXPECT_EQ(h.commit(), 0u);
  EXPECT_TRUE(h.outbox.batches().empty());
}

TEST(chat_service, refused_cid_may_be_used_again) {
  service_harness h;
  h.add_current();
  h.submit(marta, marta_connection, "m-1", claim{question_id{2}});
  ASSERT_EQ(h.outbox.refusals().size(), 1u);
  EXPECT_EQ(h.outbox.refusals()[0].why.code, error_code::unknown_question);
  h.submit(ana, ana_connection, "c-1", a_question());
  h.submit(marta, marta_connection, "m-1", claim{question_id{2}});
  h.commit();
  EXPECT_EQ(h.outbox.published_seqs(), (std::vector<seq_t>{2, 3}));
  EXPECT_TRUE(same_ack(h.outbox.all_acks().back(), marta_connection, "m-1", 3));
}

TEST(chat_service, command_for_an_unknown_session_is_refused) {
  service_harness h;
  h.add_current();
  h.service.submit(help_session_id{99}, ana_connection, ana, "c-1", a_question());
  auto refusals = h.outbox.refusals();
  ASSERT_EQ(refusals.size(), 1u);
  EXPECT_EQ(refusals[0].connection, ana_connection);
  EXPECT_EQ(refusals[0].cid, "c-1");
  EXPECT_EQ(refusals[0].why.code, error_code::unknown_session);
  EXPECT_FALSE(h.service.view(help_session_id{99}).has_value());
  EXPECT_EQ(h.service.log_of(help_session_id{99}), nullptr);
}

TEST(chat_service, an_official_asking_too_fast_is_rate_limited) {
  service_harness h(at("2012-05-29T14:30:00Z"), rate{10.0 / 60.0, 5.0});
  h.add_current();
  for (int i = 1; i <= 5; ++i) h.submit(ana, ana_connection, "c-" + std::to_string(i), a_question());
  EXPECT_TRUE(h.outbox.refusals().empty()) << "a burst of five is allowed";
  h.submit(ana, ana_connection, "c-6", a_question());
  auto refusals = h.outbox.refusals();
  ASSERT_EQ(refusals.size(), 1u);
  EXPECT_EQ(refusals[0].cid, "c-6");
  EXPECT_EQ(refusals[0].why.code, error_code::rate_limited);
  EXPECT_EQ(h.sink.pending(), 5u);

  h.submit(beto, beto_connection, "b-1", a_question());
  EXPECT_EQ(h.sink.pending(), 6u) << "each official has a budget of their own";

  h.clock.advance(std::chrono::seconds(6));  // one question's worth at ten a minute
  h.submit(ana, ana_connection, "c-6", a_question());
  EXPECT_EQ(h.outbox.refusals().size(), 1u);
  EXPECT_EQ(h.sink.pending(), 7u);
}

TEST(chat_service, a_repeated_question_spends_no_budget) {
  service_harness h(at("2012-05-29T14:30:00Z"), rate{1.0 / 60.0, 1.0});
  h.add_current();
  h.submit(ana, ana_connection, "c-1", a_question());
  h.commit();
  h.submit(ana, ana_connection, "c-1", a_question());
  EXPECT_TRUE(h.outbox.refusals().empty());
  EXPECT_EQ(h.outbox.all_acks().size(), 2u);
}

std::int64_t tally_of(const question_tally& tally, question_state state, const std::string& agency) {
  auto it = tally.by_state_and_agency.find({state, agency});
  return it == tally.by_state_and_agency.end() ? 0 : it->second;
}

TEST(chat_service, tally_counts_questions_by_state_agency_and_faq_field) {
  service_harness h;
  h.add_current();
  h.submit(ana, ana_connection, "c-1", a_question());    // q2
  h.submit(beto, beto_connection, "b-1", a_question());  // q3
  auto answered_before = a_question();
  answered_before.resolved_by_faq = "gel-fases-todas";
  h.submit(beto, beto_connection, "b-2", answered_before);  // q4, closed at once
  h.submit(marta, marta_connection, "m-1", claim{question_id{2}});
  h.submit(ana, ana_connection, "c-2", resolve_by_faq{question_id{2}, "gel-fases-todas"});
  h.commit();

  auto tally = h.service.tally();
  EXPECT_EQ(tally_of(tally, question_state::queued, "mintic-gel"), 1);
  EXPECT_EQ(tally_of(tally, question_state::assigned, "mintic-gel"), 0);
  EXPECT_EQ(tally_of(tally, question_state::answered_by_faq, "mintic-gel"), 2);
  ASSERT_EQ(tally.answered_by_faq_by_field.count("gel_fase"), 1u);
  EXPECT_EQ(tally.answered_by_faq_by_field.at("gel_fase"), 2);

  service_harness restarted;
  restarted.service.add(info_of(session_id), h.sink.appended());
  auto rebuilt = restarted.service.tally();
  EXPECT_EQ(rebuilt.by_state_and_agency, tally.by_state_and_agency) << "the history rebuilds the same tally";
  EXPECT_EQ(rebuilt.answered_by_faq_by_field, tally.answered_by_faq_by_field);
}

TEST(chat_service, a_block_hides_the_official_s_questions_in_the_log_expels_them_after_the_commit_and_is_kept) {
  service_harness h;
  h.add_current();
  h.submit(ana, ana_connection, "c-1", a_question());    // q2
  h.submit(beto, beto_connection, "b-1", a_question());  // q3
  h.submit(marta, marta_connection, "m-1", claim{question_id{2}});
  h.commit();
  h.submit(marta, marta_connection, "m-2", block{ana.id, "Spam"});
  EXPECT_TRUE(h.service.is_blocked(session_id, ana.id)) << "a rejoin is refused as soon as it is decided";
  EXPECT_TRUE(h.outbox.expulsions().empty()) << "nobody is closed before the block is durable";
  ASSERT_EQ(h.sink.pending(), 1u);
  auto record = h.sink.appended().back();
  ASSERT_EQ(record.rewrites.size(), 1u);
  EXPECT_EQ(record.rewrites[0].seq, 2);
  EXPECT_EQ(*record.rewrites[0].redacted, "seq=2 hidden");
  h.commit();

  auto expelled = h.outbox.expulsions();
  ASSERT_EQ(expelled.size(), 1u);
  EXPECT_EQ(expelled[0].official, ana.id);
  EXPECT_EQ(expelled[0].reason, "Un moderador bloqueó su participación en esta sesión.");
  auto log = h.service.log_of(session_id)->since(0);
  EXPECT_EQ(*log[1].redacted, "seq=2 hidden") << "replayed to officials without its text";
  EXPECT_NE(*log[1].full, "seq=2 hidden") << "moderators still read it";
  EXPECT_FALSE(h.service.is_blocked(session_id, beto.id));
  EXPECT_EQ(tally_of(h.service.tally(), question_state::dismissed, "mintic-gel"), 1);
  EXPECT_EQ(tally_of(h.service.tally(), question_state::assigned, "mintic-gel"), 0);

  service_harness restarted;
  restarted.service.add(info_of(session_id), h.sink.appended());
  EXPECT_TRUE(restarted.service.is_blocked(session_id, ana.id));
}

TEST(chat_service, tick_emits_state_changes) {
  service_harness h(at("2012-05-29T12:00:00Z"));
  h.service.add(info_of(session_id), {});
  h.service.tick();
  h.run_until_idle();
  EXPECT_EQ(h.sink.pending(), 0u) << "still scheduled";
  EXPECT_EQ(h.service.view(session_id)->state, session_state::scheduled);

  h.clock.set(at("2012-05-29T13:00:00Z"));
  h.service.tick();
  h.run_until_idle();
  auto appended = h.sink.appended();
  ASSERT_EQ(appended.size(), 1u);
  const auto& change = std::get<session_state_changed>(appended[0].e.body);
  EXPECT_EQ(change.from, session_state::scheduled);
  EXPECT_EQ(change.to, session_state::open_for_questions);
  EXPECT_EQ(appended[0].e.at, at("2012-05-29T13:00:00Z"));
  EXPECT_FALSE(appended[0].ack_to.has_value()) << "nobody to acknowledge";
  EXPECT_EQ(h.service.view(session_id)->state, session_state::open_for_questions);

  h.service.tick();
  h.run_until_idle();
  EXPECT_EQ(h.sink.pending(), 1u) << "the same state is not entered twice";

  h.commit();
  auto batches = h.outbox.batches();
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_EQ(batches[0]->events.at(0).seq, 1);
  EXPECT_TRUE(batches[0]->acks.empty());

  h.clock.set(at("2012-05-29T16:00:00Z"));
  h.service.tick();
  h.run_until_idle();
  h.commit();
  EXPECT_EQ(h.service.view(session_id)->state, session_state::closed);
  EXPECT_EQ(h.outbox.published_seqs(), (std::vector<seq_t>{1, 2}));
}

TEST(chat_service, tick_moves_every_session) {
  service_harness h(at("2012-05-29T14:30:00Z"));
  h.service.add(info_of(session_id), {});
  h.service.add(info_of(other_session_id), {});
  h.service.tick();
  h.run_until_idle();
  h.commit();
  EXPECT_EQ(h.service.view(session_id)->state, session_state::live);
  EXPECT_EQ(h.service.view(other_session_id)->state, session_state::live);
  auto batches = h.outbox.batches();
  ASSERT_EQ(batches.size(), 2u) << "one batch per session in a commit";
  EXPECT_NE(batches[0]->session, batches[1]->session);
  for (const auto& batch : batches) {
    ASSERT_EQ(batch->events.size(), 1u);
    EXPECT_EQ(batch->events[0].seq, 1) << "each session counts its own seq";
  }
  EXPECT_EQ(h.service.list().size(), 2u);
}

TEST(chat_service, events_get_seq_1_2_3_without_gaps) {
  service_harness h(at("2012-05-29T13:30:00Z"));
  h.service.add(info_of(session_id), {});
  h.service.tick();  // seq 1: open_for_questions
  h.run_until_idle();
  h.submit(ana, ana_connection, "c-1", a_question());      // 2
  h.submit(marta, marta_connection, "m-0", a_question());  // refused: no seq
  h.commit();
  h.submit(beto, beto_connection, "b-1", a_question());  // 3
  h.clock.set(at("2012-05-29T14:00:00Z"));
  h.service.tick();  // 4: live
  h.run_until_idle();
  h.submit(marta, marta_connection, "m-1", claim{question_id{2}});  // 5
  h.submit(ana, ana_connection, "c-1", a_question());               // a repeat: no seq
  h.commit();
  h.submit(marta, marta_connection, "m-2", answer{question_id{2}, "Sí.", visibility::public_});  // 6
  h.commit();

  std::vector<seq_t> expected{1, 2, 3, 4, 5, 6};
  std::vector<seq_t> appended;
  for (const auto& record : h.sink.appended()) {
    appended.push_back(record.e.seq);
    EXPECT_EQ(record.json.seq, record.e.seq);
  }
  EXPECT_EQ(appended, expected);
  EXPECT_EQ(h.outbox.published_seqs(), expected);
  std::vector<seq_t> logged;
  for (const auto& e : h.service.log_of(session_id)->since(0)) logged.push_back(e.seq);
  EXPECT_EQ(logged, expected);
  EXPECT_EQ(h.service.view(session_id)->last_committed_seq, 6);
}

// The transcript writer's failure: drops what is pending and restores the sessions involved from what committed.
std::size_t fail_storage(service_harness& h) {
  auto count = h.sink.fail(h.service);
  h.run_until_idle();
  return count;
}

std::int64_t questions_in(const question_tally& tally, question_state state, const std::string& agency) {
  auto found = tally.by_state_and_agency.find({state, agency});
  return found == tally.by_state_and_agency.end() ? 0 : found->second;
}

TEST(chat_service, storage_failure_refuses_the_dropped_commands_and_rewinds_the_session_to_the_disk) {
  service_harness h;
  h.add_current();
  h.submit(ana, ana_connection, "c-1", a_question());
  h.submit(beto, beto_connection, "b-1", a_question("¿Y el plazo?"));
  EXPECT_EQ(questions_in(h.service.tally(), question_state::queued, "mintic-gel"), 2);

  EXPECT_EQ(fail_storage(h), 2u);
  auto refusals = h.outbox.refusals();
  ASSERT_EQ(refusals.size(), 2u);
  EXPECT_EQ(refusals[0].connection, ana_connection);
  EXPECT_EQ(refusals[0].cid, "c-1");
  EXPECT_EQ(refusals[0].why.code, error_code::unavailable);
  EXPECT_EQ(refusals[1].cid, "b-1");
  EXPECT_TRUE(h.outbox.batches().empty()) << "nothing that failed was published";
  EXPECT_EQ(questions_in(h.service.tally(), question_state::queued, "mintic-gel"), 0) << "the tally follows the disk";

  // The client resends with the same cid: decided anew, with the seq the disk continues from.
  h.outbox.clear();
  h.submit(ana, ana_connection, "c-1", a_question());
  h.commit();
  EXPECT_EQ(h.outbox.published_seqs(), (std::vector<seq_t>{2}));
  auto acks = h.outbox.all_acks();
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_TRUE(same_ack(acks[0], ana_connection, "c-1", 2));
  EXPECT_EQ(questions_in(h.service.tally(), question_state::queued, "mintic-gel"), 1);
}

TEST(chat_service, a_rewound_session_decides_nothing_until_it_is_restored) {
  service_harness h(at("2012-05-29T13:30:00Z"));  // open for questions; the clock will soon call for "live"
  h.add_current();
  h.service.on_dropped({}, {session_id});
  h.submit(ana, ana_connection, "c-1", a_question());
  auto refusals = h.outbox.refusals();
  ASSERT_EQ(refusals.size(), 1u);
  EXPECT_EQ(refusals[0].why.code, error_code::unavailable);
  h.clock.set(at("2012-05-29T14:00:00Z"));
  h.service.tick();
  h.run_until_idle();
  EXPECT_EQ(h.sink.pending(), 0u) << "no command decided, no schedule step taken";

  auto history = h.sink.appended();
  h.service.restore(session_id, std::move(history));
  h.run_until_idle();
  h.service.tick();
  h.run_until_idle();
  h.submit(ana, ana_connection, "c-1", a_question());
  EXPECT_EQ(h.commit(), 2u) << "the schedule step, then the question";
  EXPECT_EQ(h.service.view(session_id)->state, session_state::live);
}

TEST(chat_service, a_repeat_waiting_for_a_dropped_event_is_refused_too) {
  service_harness h;
  h.add_current();
  h.submit(ana, ana_connection, "c-1", a_question());
  h.submit(ana, ana_second_connection, "c-1", a_question());  // resent from a new connection before the commit
  fail_storage(h);
  auto refusals = h.outbox.refusals();
  ASSERT_EQ(refusals.size(), 2u);
  EXPECT_EQ(refusals[0].connection, ana_connection);
  EXPECT_EQ(refusals[1].connection, ana_second_connection);
  EXPECT_TRUE(h.outbox.all_acks().empty()) << "seq 2 will be another event: acknowledging it would lie";
}

// ---- routing: presence reported by join/leave, assignments and releases recorded as events

// The events of `type` appended so far.
template <class Body>
std::vector<Body> appended_of(const memory_transcript_sink& sink) {
  std::vector<Body> found;
  for (const auto& record : sink.appended()) {
    if (const auto* body = std::get_if<Body>(&record.e.body)) found.push_back(*body);
  }
  return found;
}

TEST(chat_service, a_question_is_assigned_to_a_joined_moderator_as_it_is_asked) {
  service_harness h;
  h.add_current();
  h.service.join(session_id, marta);
  h.submit(ana, ana_connection, "a-1", a_question());
  auto claims = appended_of<question_claimed>(h.sink);
  ASSERT_EQ(claims.size(), 1U);
  EXPECT_EQ(claims[0].moderator.participant, marta.id);
  EXPECT_TRUE(claims[0].automatic);
  h.commit();
  EXPECT_EQ(h.outbox.published_seqs().size(), 2U) << "the question and its assignment, published together";
}

TEST(chat_service, a_moderator_joining_takes_what_waits) {
  service_harness h;
  h.add_current();
  h.submit(ana, ana_connection, "a-1", a_question());
  EXPECT_TRUE(appended_of<question_claimed>(h.sink).empty()) << "nobody to give it to";
  h.service.join(session_id, marta);
  h.run_until_idle();
  EXPECT_EQ(appended_of<question_claimed>(h.sink).size(), 1U);
}

TEST(chat_service, a_moderator_away_past_the_grace_period_loses_their_assignments_on_tick) {
  service_harness h(at("2012-05-29T14:30:00Z"), unlimited, {{}, 60s});
  h.add_current();
  h.service.join(session_id, marta);
  h.service.join(session_id, marta);  // a second tab
  h.submit(ana, ana_connection, "a-1", a_question());
  h.service.leave(session_id, marta.id);
  h.run_until_idle();
  h.clock.advance(2min);
  h.service.tick();
  h.run_until_idle();
  EXPECT_TRUE(appended_of<question_released>(h.sink).empty()) << "one tab is still open";

  h.service.leave(session_id, marta.id);
  h.run_until_idle();
  h.clock.advance(59s);
  h.service.tick();
  h.run_until_idle();
  EXPECT_TRUE(appended_of<question_released>(h.sink).empty()) << "within the grace period";
  h.clock.advance(1s);
  h.service.tick();
  h.run_until_idle();
  auto released = appended_of<question_released>(h.sink);
  ASSERT_EQ(released.size(), 1U);
  EXPECT_EQ(released[0].moderator.participant, marta.id);
  EXPECT_EQ(appended_of<question_claimed>(h.sink).size(), 1U) << "nobody else is connected to take it";
}

}  // namespace
}  // namespace helpchat::chat
