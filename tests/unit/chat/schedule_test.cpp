#include "chat/schedule.hpp"

#include <gtest/gtest.h>

namespace helpchat::chat {
namespace {

using namespace std::chrono_literals;

// 2012-05-29 08:00–11:00 in Bogotá: questions from 08:00, live 09:00–11:00, archived a week later.
schedule the_schedule() {
  auto at = [](std::string_view text) { return parse_utc(text).value_or(utc_time{}); };
  return {at("2012-05-29T13:00:00Z"), at("2012-05-29T14:00:00Z"), at("2012-05-29T16:00:00Z"),
          at("2012-06-05T00:00:00Z")};
}

TEST(schedule, state_by_schedule_changes_exactly_at_each_boundary) {
  const auto when = the_schedule();
  ASSERT_LT(when.opens_at, when.starts_at);
  EXPECT_EQ(state_by_schedule(when, when.opens_at - 1ms), session_state::scheduled);
  EXPECT_EQ(state_by_schedule(when, when.opens_at), session_state::open_for_questions);
  EXPECT_EQ(state_by_schedule(when, when.starts_at - 1ms), session_state::open_for_questions);
  EXPECT_EQ(state_by_schedule(when, when.starts_at), session_state::live);
  EXPECT_EQ(state_by_schedule(when, when.ends_at - 1ms), session_state::live);
  EXPECT_EQ(state_by_schedule(when, when.ends_at), session_state::closed);
  EXPECT_EQ(state_by_schedule(when, when.archives_at - 1ms), session_state::closed);
  EXPECT_EQ(state_by_schedule(when, when.archives_at), session_state::archived);
}

TEST(schedule, a_transition_is_due_only_forward) {
  const auto when = the_schedule();
  EXPECT_EQ(transition_due(when, session_state::scheduled, when.opens_at), session_state::open_for_questions);
  EXPECT_EQ(transition_due(when, session_state::open_for_questions, when.opens_at), std::nullopt);
  EXPECT_EQ(transition_due(when, session_state::closed, when.starts_at), std::nullopt)
      << "a clock set back does not reopen a closed session";
  EXPECT_EQ(transition_due(when, session_state::scheduled, when.ends_at + 1h), session_state::closed)
      << "several boundaries at once are one transition";
  EXPECT_EQ(transition_due(when, session_state::archived, when.archives_at + 24h * 365), std::nullopt);
}

TEST(schedule, questions_are_accepted_while_open_and_live_only) {
  EXPECT_FALSE(accepts_questions(session_state::scheduled));
  EXPECT_TRUE(accepts_questions(session_state::open_for_questions));
  EXPECT_TRUE(accepts_questions(session_state::live));
  EXPECT_FALSE(accepts_questions(session_state::closed));
  EXPECT_FALSE(accepts_questions(session_state::archived));
}

}  // namespace
}  // namespace helpchat::chat
