#include "chat/routing.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace helpchat::chat {
namespace {

using namespace std::chrono_literals;

const utc_time nine = parse_utc("2012-05-29T14:00:00Z").value_or(utc_time{});

moderator_availability moderator(std::int64_t id, std::string agency, int open = 0, utc_time last = {},
                                 std::vector<std::string> sections = {}, bool paused = false) {
  return {participant_id{id}, std::move(agency), std::move(sections), open, last, paused};
}

// ---- a question starts waiting: who gets it

struct choice_case {
  const char* why;
  std::string agency;
  std::string section;
  std::vector<moderator_availability> moderators;
  std::optional<std::int64_t> expected;
};

TEST(routing, choose_moderator_table) {
  const routing_policy policy{3};
  const std::vector<choice_case> cases = {
      {"nobody connected", "mintic-gel", "gel", {}, std::nullopt},
      {"the agency's moderator", "mintic-gel", "gel", {moderator(1, "dafp"), moderator(2, "mintic-gel")}, 2},
      {"no moderator of the agency: it waits", "mintic-gel", "gel", {moderator(1, "dafp")}, std::nullopt},
      {"the least loaded",
       "dafp",
       "talento",
       {moderator(1, "dafp", 2), moderator(2, "dafp", 1), moderator(3, "dafp", 2)},
       2},
      {"a tie goes to the longest idle",
       "dafp",
       "talento",
       {moderator(1, "dafp", 1, nine + 5min), moderator(2, "dafp", 1, nine + 1min),
        moderator(3, "dafp", 1, nine + 9min)},
       2},
      {"never assigned counts as idle longest",
       "dafp",
       "talento",
       {moderator(1, "dafp", 0, nine), moderator(2, "dafp", 0)},
       2},
      {"a full tie goes to the lower id", "dafp", "talento", {moderator(7, "dafp"), moderator(4, "dafp")}, 4},
      {"at the cap nobody is free",
       "dafp",
       "talento",
       {moderator(1, "dafp", 3), moderator(2, "dafp", 4)},
       std::nullopt},
      {"below the cap", "dafp", "talento", {moderator(1, "dafp", 3), moderator(2, "dafp", 2)}, 2},
      {"a paused moderator is skipped",
       "dafp",
       "talento",
       {moderator(1, "dafp", 0, {}, {}, true), moderator(2, "dafp", 2)},
       2},
      {"only paused: it waits", "dafp", "talento", {moderator(1, "dafp", 0, {}, {}, true)}, std::nullopt},
      {"sections: only who answers that section",
       "mintic-gel",
       "gel",
       {moderator(1, "mintic-gel", 0, {}, {"tic"}), moderator(2, "mintic-gel", 2, {}, {"gel", "tic"})},
       2},
      {"sections: nobody answers it", "mintic-gel", "gel", {moderator(1, "mintic-gel", 0, {}, {"tic"})}, std::nullopt},
      {"triage: any agency", "triage", "", {moderator(1, "dafp", 1), moderator(2, "mintic-gel", 0)}, 2},
      {"triage: sections do not matter", "triage", "", {moderator(1, "dafp", 0, {}, {"talento"})}, 1},
      {"triage: the cap still holds", "triage", "", {moderator(1, "dafp", 3)}, std::nullopt},
  };
  for (const auto& c : cases) {
    auto chosen = choose_moderator(c.agency, c.section, c.moderators, policy);
    std::optional<std::int64_t> got = chosen ? std::optional(chosen->value) : std::nullopt;
    EXPECT_EQ(got, c.expected) << c.why;
  }
}

TEST(routing, the_cap_is_the_policy_s) {
  std::vector<moderator_availability> one = {moderator(1, "dafp", 3)};
  EXPECT_FALSE(choose_moderator("dafp", "talento", one, routing_policy{3}).has_value());
  EXPECT_EQ(choose_moderator("dafp", "talento", one, routing_policy{4}), participant_id{1});
}

// ---- a moderator has a free slot: which question they get

question waiting_question(std::int64_t id, std::string agency, std::string section, utc_time asked_at) {
  question q;
  q.id = question_id{id};
  q.asker = participant_id{100 + id};
  q.section = std::move(section);
  q.asked_at = asked_at;
  q.agency = std::move(agency);
  return q;
}

TEST(routing, a_free_slot_takes_the_oldest_question_of_the_agency_before_triage) {
  question_queue queue;
  queue.add(waiting_question(1, "triage", "", nine));
  queue.add(waiting_question(2, "dafp", "talento", nine + 1min));
  queue.add(waiting_question(3, "dafp", "talento", nine + 2min));
  queue.add(waiting_question(4, "mintic-gel", "gel", nine - 1min));
  const routing_policy policy{3};
  EXPECT_EQ(choose_question(moderator(9, "dafp", 2), queue, policy), question_id{2});
  EXPECT_EQ(choose_question(moderator(9, "mintic-gel"), queue, policy), question_id{4});
  EXPECT_EQ(choose_question(moderator(9, "dnp-pnsc"), queue, policy), question_id{1})
      << "nothing waits for their agency: the oldest triage question";
  EXPECT_EQ(choose_question(moderator(9, "triage"), queue, policy), question_id{1});
  EXPECT_FALSE(choose_question(moderator(9, "dafp", 3), queue, policy).has_value()) << "no free slot";
  EXPECT_FALSE(choose_question(moderator(9, "dafp", 0, {}, {}, true), queue, policy).has_value()) << "paused";
}

TEST(routing, a_free_slot_skips_questions_of_sections_the_moderator_does_not_answer) {
  question_queue queue;
  queue.add(waiting_question(1, "mintic-gel", "gel", nine));
  queue.add(waiting_question(2, "mintic-gel", "tic", nine + 1min));
  const routing_policy policy{3};
  EXPECT_EQ(choose_question(moderator(9, "mintic-gel", 0, {}, {"tic"}), queue, policy), question_id{2});
  EXPECT_EQ(choose_question(moderator(9, "mintic-gel", 0, {}, {"gel"}), queue, policy), question_id{1});
  EXPECT_FALSE(choose_question(moderator(9, "mintic-gel", 0, {}, {"otra"}), queue, policy).has_value());
}

TEST(routing, when_the_agency_queue_empties_triage_is_next) {
  question_queue queue;
  queue.add(waiting_question(1, "dafp", "talento", nine + 1min));
  queue.add(waiting_question(2, "triage", "", nine));
  const routing_policy policy{3};
  auto m = moderator(9, "dafp");
  EXPECT_EQ(choose_question(m, queue, policy), question_id{1});
  queue.update(question_id{1}, [](question& q) {
    q.state = question_state::assigned;
    q.holder = participant_id{9};
  });
  m.open_assignments = 1;
  EXPECT_EQ(choose_question(m, queue, policy), question_id{2});
}

TEST(routing, next_assignment_serves_moderators_least_loaded_first) {
  question_queue queue;
  queue.add(waiting_question(1, "dafp", "talento", nine));
  queue.add(waiting_question(2, "mintic-gel", "gel", nine + 1min));
  const routing_policy policy{3};
  std::vector<moderator_availability> moderators{moderator(1, "dafp", 2), moderator(2, "mintic-gel", 1),
                                                 moderator(3, "dafp", 1, nine + 5min)};
  EXPECT_EQ(next_assignment(moderators, queue, policy), (assignment{participant_id{2}, question_id{2}}))
      << "1 open and longest idle: Mintic's moderator, who gets their agency's question";
  moderators[1].open_assignments = 3;
  EXPECT_EQ(next_assignment(moderators, queue, policy), (assignment{participant_id{3}, question_id{1}}))
      << "then the least loaded of DAFP";
  moderators[2].paused = true;
  EXPECT_EQ(next_assignment(moderators, queue, policy), (assignment{participant_id{1}, question_id{1}}));
  moderators[0].open_assignments = 3;
  EXPECT_FALSE(next_assignment(moderators, queue, policy).has_value()) << "nobody free";
}

}  // namespace
}  // namespace helpchat::chat
