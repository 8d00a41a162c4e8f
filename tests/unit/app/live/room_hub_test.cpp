#include "app/live/room_hub.hpp"

#include <gtest/gtest.h>

#include "protocol/server_message.hpp"
#include "support/recording_connection.hpp"

namespace helpchat::app {
namespace {

using namespace std::chrono_literals;
using testing::recording_connection;
using json = nlohmann::json;

const help_session_id session{7};
const help_session_id other_session{8};

std::shared_ptr<const chat::participant> person(std::int64_t id, auth::role role) {
  auto p = std::make_shared<chat::participant>();
  p->id = participant_id{id};
  p->role = role;
  p->name = "Persona " + std::to_string(id);
  return p;
}

const auto ana = person(1, auth::role::official);
const auto beto = person(2, auth::role::official);
const auto marta = person(10, auth::role::moderator);

// Events as the encoder makes them, small enough to read in a failure: a public one has one rendering; a private
// answer to `asker` has its text only in the full one.
chat::committed_event public_event(seq_t seq) {
  chat::committed_event e;
  e.seq = seq;
  e.full = std::make_shared<const std::string>(json{{"type", "event"}, {"seq", seq}}.dump());
  e.redacted = e.full;
  return e;
}

chat::committed_event private_answer(seq_t seq, participant_id asker) {
  chat::committed_event e;
  e.seq = seq;
  e.audience = {asker};
  e.full = std::make_shared<const std::string>(json{{"type", "event"}, {"seq", seq}, {"text", "secreto"}}.dump());
  e.redacted = std::make_shared<const std::string>(json{{"type", "event"}, {"seq", seq}}.dump());
  return e;
}

std::shared_ptr<const chat::published_batch> batch_of(std::vector<chat::committed_event> events,
                                                      std::vector<chat::acknowledgement> acks = {},
                                                      help_session_id in = session) {
  auto batch = std::make_shared<chat::published_batch>();
  batch->session = in;
  batch->events = std::move(events);
  batch->acks = std::move(acks);
  return batch;
}

// Every fan-out at once and no write budget, unless a test says otherwise.
helpchat::limits immediate() {
  helpchat::limits l;
  l.fanout_interval = 0ms;
  l.fanout_writes_per_second = 0;
  return l;
}

// A room_hub on one shard whose io_context the test runs on its own thread (the shard is never started).
class hub_harness {
 public:
  explicit hub_harness(const helpchat::limits& l = immediate()) : shards(1), hub(shards, l, brake) {}

  // Runs every handler that is ready now.
  void run_ready() {
    while (shards.context(0).poll_one() > 0) ++handlers_run;
  }
  // Runs handlers, timers included, until `done` holds or `timeout` passes.
  template <class Predicate>
  bool run_until(Predicate done, std::chrono::milliseconds timeout = 2s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      if (shards.context(0).run_one_for(5ms) > 0) ++handlers_run;
    }
    return true;
  }

  // A connection that joined `in` as `who` with the history of `log` after `since`; the replay is taken to have
  // been written (the log is short).
  member& join(recording_connection& c, std::shared_ptr<const chat::participant> who,
               std::shared_ptr<const chat::event_log> log, seq_t since = 0, help_session_id in = session) {
    member& m = hub.connect(c);
    hub.enter(m, std::move(who), in, json{{"type", "welcome"}}.dump(), std::move(log), since);
    return m;
  }

  net::io_shards shards;
  address_brake brake{std::chrono::seconds(10), std::chrono::seconds(60)};
  room_hub hub;
  std::uint64_t handlers_run = 0;
};

std::shared_ptr<chat::event_log> log_of(std::vector<chat::committed_event> events) {
  auto log = std::make_shared<chat::event_log>();
  log->append(events);
  return log;
}

// The seqs of the events a connection received, in order.
std::vector<seq_t> seqs_of(const recording_connection& c) {
  std::vector<seq_t> seqs;
  for (const auto& message : c.of_type("event")) seqs.push_back(message["seq"]);
  return seqs;
}

std::vector<std::string> types_of(const recording_connection& c) {
  std::vector<std::string> types;
  for (const auto& message : c.messages()) types.push_back(message.value("type", ""));
  return types;
}

TEST(room_hub, a_member_gets_welcome_history_and_synced_then_live_events) {
  hub_harness h;
  recording_connection c(1);
  auto log = log_of({public_event(1), public_event(2)});
  h.join(c, ana, log);
  EXPECT_EQ(types_of(c), (std::vector<std::string>{"welcome", "event", "event", "synced"}));
  EXPECT_EQ(c.of_type("synced").at(0)["last_seq"], 2);
  EXPECT_EQ(h.hub.connections(), 1U);

  log->append({public_event(3)});
  h.hub.publish(batch_of({public_event(3)}));
  h.run_ready();
  EXPECT_EQ(seqs_of(c), (std::vector<seq_t>{1, 2, 3}));
  EXPECT_EQ(h.hub.deliveries(), 1U);
}

TEST(room_hub, a_member_resuming_after_since_gets_only_what_follows) {
  hub_harness h;
  recording_connection c(1);
  h.join(c, ana, log_of({public_event(1), public_event(2), public_event(3)}), 2);
  EXPECT_EQ(seqs_of(c), (std::vector<seq_t>{3}));
  EXPECT_EQ(c.of_type("synced").at(0)["last_seq"], 3);
}

TEST(room_hub, only_the_members_of_the_session_get_its_events) {
  hub_harness h;
  recording_connection here(1);
  recording_connection elsewhere(2);
  recording_connection not_joined(3);
  h.join(here, ana, log_of({}));
  h.join(elsewhere, beto, log_of({}), 0, other_session);
  h.hub.connect(not_joined);
  h.hub.publish(batch_of({public_event(1)}));
  h.run_ready();
  EXPECT_EQ(seqs_of(here), (std::vector<seq_t>{1}));
  EXPECT_TRUE(seqs_of(elsewhere).empty());
  EXPECT_TRUE(not_joined.chunks.empty());
  EXPECT_EQ(h.hub.connections(), 3U);
}

TEST(room_hub, a_disconnected_member_gets_nothing_more) {
  hub_harness h;
  recording_connection leaving(1);
  recording_connection staying(2);
  h.join(leaving, ana, log_of({}));
  h.join(staying, beto, log_of({}));
  const auto sent_before = leaving.chunks.size();
  h.hub.disconnect(leaving);
  EXPECT_EQ(h.hub.connections(), 1U);

  h.hub.publish(batch_of({public_event(1)}));
  h.hub.send_to(leaving.id(), json{{"type", "note"}}.dump());
  h.run_ready();
  EXPECT_EQ(leaving.chunks.size(), sent_before);
  EXPECT_EQ(seqs_of(staying), (std::vector<seq_t>{1})) << "the room still works for the others";
  h.hub.disconnect(leaving);  // a second time: nothing to do
  EXPECT_EQ(h.hub.connections(), 1U);
}

TEST(room_hub, members_without_private_answers_share_one_serialized_chunk) {
  hub_harness h;
  recording_connection a(1);
  recording_connection b(2);
  recording_connection m(3);
  h.join(a, ana, log_of({}));
  h.join(b, beto, log_of({}));
  h.join(m, marta, log_of({}));
  h.hub.publish(batch_of({public_event(1), public_event(2)}));
  h.run_ready();
  ASSERT_EQ(a.chunks.size(), 2U);
  ASSERT_EQ(b.chunks.size(), 2U);
  ASSERT_EQ(m.chunks.size(), 2U);
  EXPECT_EQ(a.chunks[1].messages, b.chunks[1].messages) << "one string for the room, not one per member";
  EXPECT_EQ(a.chunks[1].messages, m.chunks[1].messages);
  EXPECT_EQ(seqs_of(b), (std::vector<seq_t>{1, 2}));
}

TEST(room_hub, a_private_answer_reaches_its_asker_and_the_moderators_and_only_its_trace_the_other_officials) {
  hub_harness h;
  recording_connection asker(1);
  recording_connection other_official(2);
  recording_connection moderator(3);
  h.join(asker, ana, log_of({}));
  h.join(other_official, beto, log_of({}));
  h.join(moderator, marta, log_of({}));
  h.hub.publish(batch_of({public_event(1), private_answer(2, ana->id)}));
  h.run_ready();

  for (auto* c : {&asker, &other_official, &moderator}) {
    EXPECT_EQ(seqs_of(*c), (std::vector<seq_t>{1, 2})) << "everyone sees every seq";
  }
  EXPECT_EQ(asker.of_type("event").at(1).value("text", ""), "secreto");
  EXPECT_EQ(moderator.of_type("event").at(1).value("text", ""), "secreto");
  EXPECT_FALSE(other_official.of_type("event").at(1).contains("text"));
}

TEST(room_hub, the_history_replay_renders_private_answers_for_each_member) {
  hub_harness h;
  auto log = log_of({public_event(1), private_answer(2, ana->id)});
  recording_connection asker(1);
  recording_connection other_official(2);
  recording_connection moderator(3);
  h.join(asker, ana, log);
  h.join(other_official, beto, log);
  h.join(moderator, marta, log);
  EXPECT_EQ(asker.of_type("event").at(1).value("text", ""), "secreto");
  EXPECT_EQ(moderator.of_type("event").at(1).value("text", ""), "secreto");
  EXPECT_FALSE(other_official.of_type("event").at(1).contains("text"));
}

TEST(room_hub, a_long_history_is_replayed_a_page_per_drained_write_and_a_batch_published_meanwhile_once) {
  auto l = immediate();
  l.max_queued_bytes = 4 * 16;  // pages of 16 bytes: one event each
  hub_harness h(l);
  auto log = log_of({public_event(1), public_event(2), public_event(3)});
  recording_connection c(1);
  h.join(c, ana, log);
  EXPECT_EQ(types_of(c), (std::vector<std::string>{"welcome", "event"})) << "the first page only";

  // A commit during the replay: the log has it before the hub does (chat_service::on_committed).
  log->append({public_event(4)});
  h.hub.publish(batch_of({public_event(4)}));
  h.run_ready();
  EXPECT_EQ(seqs_of(c), (std::vector<seq_t>{1})) << "live events wait for the replay";

  for (int page = 0; page < 10 && c.of_type("synced").empty(); ++page) {
    h.hub.drained(c);
    h.run_ready();
  }
  EXPECT_EQ(seqs_of(c), (std::vector<seq_t>{1, 2, 3, 4}));
  ASSERT_EQ(c.of_type("synced").size(), 1U);
  EXPECT_EQ(types_of(c).back(), "synced");
  EXPECT_EQ(c.of_type("synced").at(0)["last_seq"], 4);

  h.hub.drained(c);  // nothing left to replay
  log->append({public_event(5)});
  h.hub.publish(batch_of({public_event(5)}));
  h.run_ready();
  EXPECT_EQ(seqs_of(c), (std::vector<seq_t>{1, 2, 3, 4, 5}));
}

TEST(room_hub, a_batch_already_replayed_to_a_new_member_is_not_delivered_again) {
  hub_harness h;
  // The batch of 3–4 committed (and reached the log) before the join, but reaches the shard after it.
  auto log = log_of({public_event(1), public_event(2), public_event(3), public_event(4)});
  recording_connection c(1);
  h.join(c, ana, log);
  h.hub.publish(batch_of({public_event(3), public_event(4)}));
  log->append({public_event(5)});
  h.hub.publish(batch_of({public_event(4), public_event(5)}));
  h.run_ready();
  EXPECT_EQ(seqs_of(c), (std::vector<seq_t>{1, 2, 3, 4, 5}));
}

TEST(room_hub, acks_go_to_their_sender_after_the_events) {
  hub_harness h;
  recording_connection sender(1);
  recording_connection other(2);
  h.join(sender, ana, log_of({}));
  h.join(other, beto, log_of({}));
  h.hub.publish(batch_of({public_event(1)}, {{sender.id(), "c-1", 1}}));
  h.run_ready();
  EXPECT_EQ(types_of(sender), (std::vector<std::string>{"welcome", "synced", "event", "ack"}));
  EXPECT_EQ(sender.of_type("ack").at(0)["cid"], "c-1");
  EXPECT_EQ(sender.of_type("ack").at(0)["seq"], 1);
  EXPECT_TRUE(other.of_type("ack").empty());
}

TEST(room_hub, past_the_write_budget_fan_outs_are_spaced_and_carry_the_events_together) {
  auto l = immediate();
  l.fanout_writes_per_second = 8;  // four members: one fan-out spends half a second of budget
  hub_harness h(l);
  std::vector<std::unique_ptr<recording_connection>> members;
  for (std::uint64_t i = 1; i <= 4; ++i) {
    members.push_back(std::make_unique<recording_connection>(i));
    members.back()->stamp_source = &h.handlers_run;
    h.join(*members.back(), i == 1 ? ana : beto, log_of({}));
  }
  auto events_received = [&](std::size_t n) {
    for (const auto& c : members) {
      if (seqs_of(*c).size() < n) return false;
    }
    return true;
  };

  h.hub.publish(batch_of({public_event(1)}));
  h.run_ready();
  EXPECT_TRUE(events_received(1)) << "within the budget nothing waits";
  const auto first_fanout = std::chrono::steady_clock::now();

  h.hub.publish(batch_of({public_event(2)}));
  h.hub.publish(batch_of({public_event(3)}));
  h.run_ready();
  EXPECT_FALSE(events_received(2)) << "the budget is spent: the next fan-out waits";

  ASSERT_TRUE(h.run_until([&] { return events_received(3); }));
  EXPECT_GE(std::chrono::steady_clock::now() - first_fanout, 200ms);
  for (const auto& c : members) {
    EXPECT_EQ(seqs_of(*c), (std::vector<seq_t>{1, 2, 3}));
    ASSERT_EQ(c->chunks.size(), 4U);  // replay, then events 1, 2 and 3
    EXPECT_EQ(c->chunks[2].stamp, c->chunks[3].stamp) << "events 2 and 3 left in the same fan-out";
    EXPECT_NE(c->chunks[1].stamp, c->chunks[2].stamp);
  }
}

TEST(room_hub, close_connections_of_closes_every_connection_of_that_participant_only) {
  hub_harness h;
  recording_connection first(1);
  recording_connection second(2);
  recording_connection someone_else(3);
  h.join(first, marta, log_of({}));
  h.join(second, marta, log_of({}), 0, other_session);
  h.join(someone_else, ana, log_of({}));
  h.hub.close_connections_of(marta->id, net::close_code::policy_violation, "Cuenta desactivada.");
  h.run_ready();
  EXPECT_EQ(first.closed, net::close_code::policy_violation);
  EXPECT_EQ(second.closed, net::close_code::policy_violation);
  EXPECT_EQ(first.close_reason, "Cuenta desactivada.");
  EXPECT_FALSE(someone_else.closed.has_value());
}

TEST(room_hub, expel_closes_the_official_with_1008_and_slows_joins_from_their_address) {
  hub_harness h;
  recording_connection expelled(1);
  recording_connection bystander(2);
  h.join(expelled, ana, log_of({}));
  h.join(bystander, marta, log_of({}));
  auto now = std::chrono::steady_clock::now();
  EXPECT_TRUE(h.brake.admit("192.0.2.7", now));
  h.hub.expel(ana->id, "Un moderador bloqueó su participación en esta sesión.");
  h.run_ready();
  EXPECT_EQ(expelled.closed, net::close_code::policy_violation);
  EXPECT_EQ(expelled.close_reason, "Un moderador bloqueó su participación en esta sesión.");
  EXPECT_FALSE(bystander.closed.has_value());
  EXPECT_FALSE(h.brake.admit("192.0.2.7", std::chrono::steady_clock::now())) << "the address waits its turn now";
}

TEST(room_hub, close_all_sends_what_waits_for_its_fan_out_before_closing) {
  auto l = immediate();
  l.fanout_interval = 10s;
  hub_harness h(l);
  recording_connection c(1);
  h.join(c, ana, log_of({}));
  h.hub.publish(batch_of({public_event(1)}, {{c.id(), "c-1", 1}}));
  h.run_ready();  // the first fan-out goes at once
  h.hub.publish(batch_of({public_event(2)}, {{c.id(), "c-2", 2}}));
  h.run_ready();
  EXPECT_EQ(seqs_of(c), (std::vector<seq_t>{1})) << "within the interval the batch waits";

  h.hub.close_all(net::close_code::going_away, "Reinicio.");
  h.run_ready();
  EXPECT_EQ(seqs_of(c), (std::vector<seq_t>{1, 2}));
  EXPECT_EQ(c.of_type("ack").size(), 2U) << "what was recorded is acknowledged before the close";
  EXPECT_EQ(c.closed, net::close_code::going_away);
}

TEST(room_hub, refusals_reach_the_connection_and_are_counted_by_code) {
  hub_harness h;
  recording_connection c(1);
  h.hub.connect(c);
  h.hub.refuse(c.id(), "c-1", error::of(error_code::forbidden));
  h.run_ready();
  h.hub.refuse_now(c, "c-2", error::of(error_code::rate_limited));
  h.hub.refuse_now(c, "c-3", error::of(error_code::rate_limited));

  auto errors = c.of_type("error");
  ASSERT_EQ(errors.size(), 3U);
  EXPECT_EQ(errors[0]["cid"], "c-1");
  EXPECT_EQ(errors[0]["code"], "forbidden");
  EXPECT_EQ(errors[2]["cid"], "c-3");
  EXPECT_EQ(errors[2]["code"], "rate_limited");
  EXPECT_EQ(h.hub.refusals(error_code::forbidden), 1U);
  EXPECT_EQ(h.hub.refusals(error_code::rate_limited), 2U);
  EXPECT_EQ(h.hub.refusals(error_code::not_joined), 0U);
}

}  // namespace
}  // namespace helpchat::app
